import { useEffect, useRef } from 'react';
import Taro, { usePageScroll, useReachBottom } from '@tarojs/taro';

/**
 * The signing area opens only once the guardian has scrolled the pledge's text to its end. An empty marker sits right
 * after the last paragraph; the text counts as read when that marker has come into the window (its top at or above
 * the window's bottom edge). A text short enough to fit on the screen is read at once. Once read it stays read:
 * scrolling back up to read again does not lock the pad.
 */

/** Pixels of the marker that may still be below the window's edge (a rounding or a bottom bar). */
export const READ_SLACK_PX = 8;

/** The marker's top edge, in window pixels, against the window's height: has the end of the text been seen? */
export function reachedEnd(markerTop: number, windowHeight: number, slack = READ_SLACK_PX): boolean {
  return Number.isFinite(markerTop) && windowHeight > 0 && markerTop <= windowHeight + slack;
}

/** Checks after a scroll wait this long for the next (a fling fires dozens of scroll events). */
const SCROLL_THROTTLE_MS = 120;
/** The first check waits for the page's layout (fonts, 长辈模式). */
const FIRST_CHECK_MS = 300;

function windowHeight(): number {
  const info = (Taro.getWindowInfo?.() ?? Taro.getSystemInfoSync?.()) as { windowHeight?: number } | undefined;
  if (info?.windowHeight) return info.windowHeight;
  return typeof window !== 'undefined' ? window.innerHeight : 0;
}

/** The marker's top in window pixels, or null when it is not on the page (yet). */
export function markerTop(markerId: string): Promise<number | null> {
  return new Promise((resolve) => {
    try {
      Taro.createSelectorQuery().select(`#${markerId}`).boundingClientRect().exec((res: Array<{ top?: number } | null>) => {
        const top = res?.[0]?.top;
        resolve(typeof top === 'number' ? top : null);
      });
    } catch {
      resolve(null);
    }
  });
}

/**
 * Calls `onRead` once, when the marker `#markerId` has come into the window: checked after the page is laid out, at
 * each page scroll (throttled) and when the page reaches its bottom. `watching` false stops the checks (read already).
 */
export function useReadToEnd(markerId: string, watching: boolean, onRead: () => void): void {
  const state = useRef({ watching, onRead, timer: null as ReturnType<typeof setTimeout> | null, checking: false });
  state.current.watching = watching;
  state.current.onRead = onRead;

  const check = async () => {
    const s = state.current;
    if (!s.watching || s.checking) return;
    s.checking = true;
    try {
      const top = await markerTop(markerId);
      if (top !== null && state.current.watching && reachedEnd(top, windowHeight())) {
        state.current.watching = false;
        state.current.onRead();
      }
    } finally {
      s.checking = false;
    }
  };
  const soon = (ms: number) => {
    const s = state.current;
    if (!s.watching || s.timer) return;
    s.timer = setTimeout(() => {
      s.timer = null;
      void check();
    }, ms);
  };

  useEffect(() => {
    if (watching) soon(FIRST_CHECK_MS);
  }, [watching, markerId]);
  useEffect(() => () => {
    if (state.current.timer) clearTimeout(state.current.timer);
  }, []);
  usePageScroll(() => soon(SCROLL_THROTTLE_MS));
  useReachBottom(() => void check());
}
