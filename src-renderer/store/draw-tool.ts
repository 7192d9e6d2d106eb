/**
 * What the pointer does on a drawing's plane: draw points of a class (or of a value, for a
 * number to learn) or erase them. How the app is used, not the document: not saved, not undone.
 */
import { create } from 'zustand';

export interface DrawToolState {
  mode: 'draw' | 'erase';
  /** The class drawn (its index among the target's categories). */
  cls: number;
  /** The value drawn for a number to learn, from 0 to 1 along its range. */
  value: number;
  setMode(mode: 'draw' | 'erase'): void;
  setClass(cls: number): void;
  setValue(value: number): void;
}

export const useDrawTool = create<DrawToolState>()((set) => ({
  mode: 'draw',
  cls: 0,
  value: 1,
  setMode: (mode) => set({ mode }),
  setClass: (cls) => set({ cls, mode: 'draw' }),
  setValue: (value) => set({ value: Math.max(0, Math.min(1, value)), mode: 'draw' }),
}));
