/**
 * The room a pane gives its plots, measured, so plots fill the pane they are in (the boundary as
 * large as the plots column allows, the loss curve as wide as the pane under the canvas) and
 * follow it when the panes are resized.
 */
import { createContext, useContext, useLayoutEffect, useState } from 'react';

export interface Size {
  width: number;
  height: number;
}

const FALLBACK: Size = { width: 480, height: 220 };

export const PlotSize = createContext<Size>(FALLBACK);

export function usePlotSize(): Size {
  return useContext(PlotSize);
}

/** The height a plot may use (weight cells and map sizes follow it). */
export function usePlotHeight(): number {
  return useContext(PlotSize).height;
}

/**
 * The content size of an element (inside its padding: the room its children get), following it;
 * attach the returned callback as the element's ref (a callback, so an element that appears
 * later is measured too).
 */
export function useMeasuredSize(fallback: Size = FALLBACK): [Size, (el: HTMLElement | null) => void] {
  const [size, setSize] = useState(fallback);
  const [el, setEl] = useState<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (!el) return;
    const update = (): void =>
      setSize((old) => {
        const style = getComputedStyle(el);
        const next = {
          width: Math.floor(el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)),
          height: Math.floor(el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)),
        };
        return old.width === next.width && old.height === next.height ? old : next;
      });
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return [size, setEl];
}

export const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));
