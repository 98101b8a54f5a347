/**
 * Test-only helpers for the pledge pages (never imported by the app). The Taro stand-ins in test/stubs have no page
 * scroll hooks and no canvas, so:
 *   jest.mock('@tarojs/taro', () => require('…/pledges-test-support').taroWithPageScroll());
 *   jest.mock('…/components/SignaturePad', () => require('…/pledges-test-support').fakeSignaturePad());
 * must run before the page module is required. `scrollPage()` fires the page's scroll hooks; `setMarkerTop()` says
 * where the end-of-text marker is in the window (jsdom lays nothing out).
 */
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { jest } from '@jest/globals';

const scrollCallbacks = new Set<() => void>();
const marker = { top: null as number | null };

/** The Taro stand-in, plus usePageScroll / useReachBottom and a selector query that reports the marker's place. */
export function taroWithPageScroll() {
  const actual = jest.requireActual<Record<string, any>>('../../../test/stubs/taro');
  const usePageHook = (fn: () => void) => {
    const latest = useRef(fn);
    latest.current = fn;
    useEffect(() => {
      const call = () => latest.current();
      scrollCallbacks.add(call);
      return () => {
        scrollCallbacks.delete(call);
      };
    }, []);
  };
  const Taro = actual.default;
  Taro.createSelectorQuery = () => ({
    select: () => ({
      boundingClientRect: () => ({
        exec: (cb: (res: unknown[]) => void) => cb([marker.top === null ? null : { top: marker.top }]),
      }),
    }),
  });
  return { ...actual, __esModule: true, default: Taro, usePageScroll: usePageHook, useReachBottom: usePageHook };
}

/** Where the marker at the end of the text is, in window pixels (jsdom's window is 768 high); null: not on the page. */
export function setMarkerTop(top: number | null) {
  marker.top = top;
}

/** Fires every page scroll hook of the mounted pages. */
export function scrollPage() {
  scrollCallbacks.forEach((f) => f());
}

let strokes = 0;
/**
 * A signature pad without a canvas: 「画一笔」 puts ink on it; toPng gives `PNG-<canvasId>-<n>`, a new n for each
 * stroke, so a signature drawn again differs from the one before.
 */
export function fakeSignaturePad() {
  const SignaturePad = forwardRef(function FakePad(props: { canvasId: string; onInk?: (ink: boolean) => void; disabled?: boolean }, ref) {
    const [png, setPng] = useState<string | null>(null);
    useImperativeHandle(ref, () => ({
      clear: () => {
        setPng(null);
        props.onInk?.(false);
      },
      hasInk: () => !!png,
      toPng: async () => {
        if (!png) throw new Error('请先在框内签名');
        return { base64: png, width: 120, height: 60, bytes: png.length };
      },
    }), [png]);
    return (
      <div className='fake-pad' data-canvas-id={props.canvasId}>
        <button
          type='button'
          onClick={() => {
            strokes += 1;
            setPng(`PNG-${props.canvasId}-${strokes}`);
            props.onInk?.(true);
          }}
        >
          画一笔
        </button>
      </div>
    );
  });
  return { SignaturePad };
}

/** The component stand-ins plus Textarea and Picker (date and selector), for the staff's pledge form. */
export function componentsWithFormFields() {
  const actual = jest.requireActual<Record<string, unknown>>('../../../test/stubs/components');
  const Textarea = (props: { className?: string; value?: string; maxlength?: number; onInput?: (e: unknown) => void }) => (
    <textarea className={props.className} value={props.value ?? ''} maxLength={props.maxlength} onChange={(e) => props.onInput?.({ detail: { value: e.target.value } })} />
  );
  const Picker = (props: { mode?: string; value?: unknown; range?: string[]; children?: any; onChange?: (e: unknown) => void }) => (
    <div className={`picker picker-${props.mode ?? 'selector'}`}>
      {props.children}
      {props.mode === 'date' ? (
        <input type='date' value={String(props.value ?? '')} onChange={(e) => props.onChange?.({ detail: { value: e.target.value } })} />
      ) : (
        <select value={String(props.value ?? 0)} onChange={(e) => props.onChange?.({ detail: { value: Number(e.target.value) } })}>
          {(props.range ?? []).map((r, i) => <option key={r} value={i}>{r}</option>)}
        </select>
      )}
    </div>
  );
  return { ...actual, Textarea, Picker };
}
