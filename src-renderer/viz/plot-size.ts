/**
 * The height a plot may use inside the visualization dock, measured, so every plot fits the dock
 * without scrolling up and down (the cards scroll sideways instead) and grows when the dock does.
 */
import { createContext, useContext, useLayoutEffect, useState } from 'react';

/** Card header, padding, borders and a horizontal scrollbar's worth of room. */
const CARD_CHROME = 56;
const FALLBACK = 260;

export const PlotHeight = createContext(FALLBACK - CARD_CHROME);

export function usePlotHeight(): number {
  return useContext(PlotHeight);
}

/**
 * The inner height cards get in an element, following its size; attach the returned callback as
 * the element's ref (a callback, so an element that appears later is measured too).
 */
export function useMeasuredPlotHeight(): [number, (el: HTMLElement | null) => void] {
  const [height, setHeight] = useState(FALLBACK - CARD_CHROME);
  const [el, setEl] = useState<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (!el) return;
    const update = (): void => setHeight(Math.max(140, Math.floor(el.clientHeight) - CARD_CHROME));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return [height, setEl];
}

export const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));
