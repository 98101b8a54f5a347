import { forwardRef, memo, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Button, Canvas, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { NOTICE_LIMITS } from '@anxin/shared';
import { base64Bytes, halve, trimSignature, type Pixels } from './signature-image';
import './signature-pad.css';

/** What a signature pad hands over: a trimmed PNG (base64, no `data:` prefix) within NOTICE_LIMITS. */
export interface SignaturePng {
  base64: string;
  width: number;
  height: number;
  bytes: number;
}

export interface SignaturePadHandle {
  clear(): void;
  hasInk(): boolean;
  /** The signature as a trimmed PNG; rejects with a Chinese message when nothing was drawn or it cannot be made small enough. */
  toPng(): Promise<SignaturePng>;
}

/** Bitmap pixels per CSS pixel at most: sharper on a phone, and a signature stays well within the server's limits. */
const MAX_SCALE = 2;
const STROKE_PX = 3;
const INK = '#111111';
/** Re-encode at half size at most this many times when a PNG is over the byte limit. */
const SHRINK_TRIES = 3;
const FIND_RETRY_MS = 200;

interface CanvasLike {
  width: number;
  height: number;
  getContext(type: '2d'): Ctx2d;
  toDataURL(type?: string): string;
  getBoundingClientRect?: () => { left: number; top: number; width: number; height: number };
}

interface Ctx2d {
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  strokeStyle: string;
  fillStyle: string;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, a0: number, a1: number): void;
  fill(): void;
  stroke(): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { width: number; height: number; data: Uint8ClampedArray };
  createImageData(w: number, h: number): { data: Uint8ClampedArray };
  putImageData(img: unknown, x: number, y: number): void;
}

interface Pad {
  canvas: CanvasLike | null;
  ctx: Ctx2d | null;
  /** Bitmap pixels per CSS pixel (weapp: set here; h5: read from the element). */
  scale: number;
  /** The canvas's size in CSS pixels (weapp; h5 reads it from the element at each stroke). */
  cssWidth: number;
  drawing: boolean;
  last: { x: number; y: number } | null;
  ink: boolean;
}

type PointerEvent = {
  touches?: ArrayLike<{ x?: number; y?: number; clientX?: number; clientY?: number }>;
  changedTouches?: ArrayLike<{ x?: number; y?: number; clientX?: number; clientY?: number }>;
  clientX?: number;
  clientY?: number;
  buttons?: number;
  preventDefault?: () => void;
};

/**
 * A box to sign in by hand, with a finger (touch) or a mouse: a `canvas type="2d"` on both weapp and h5. It hands the
 * signature over as a PNG cut to the ink (`signature-image.ts`), at most NOTICE_LIMITS.signatureBytesMax bytes and
 * within the server's dimensions. Used for 签字确认 on notices; pledges sign with the same component.
 */
export const SignaturePad = forwardRef<SignaturePadHandle, { canvasId: string; onInk?: (hasInk: boolean) => void; disabled?: boolean }>(
  function SignaturePad(props, ref) {
    const pad = useRef<Pad>({ canvas: null, ctx: null, scale: 1, cssWidth: 0, drawing: false, last: null, ink: false });
    const [ready, setReady] = useState(false);
    const [hasInk, setHasInk] = useState(false);
    const onInk = useRef(props.onInk);
    onInk.current = props.onInk;
    const disabled = useRef(!!props.disabled);
    disabled.current = !!props.disabled;

    const markInk = (on: boolean) => {
      if (pad.current.ink === on) return;
      pad.current.ink = on;
      setHasInk(on);
      onInk.current?.(on);
    };

    // Find the canvas node once it is on the page (weapp needs the selector query; h5 gives the <canvas> element, which
    // Taro's canvas element adds when it first renders: on a busy phone that can take a while, so keep looking).
    useEffect(() => {
      let live = true;
      const find = () => {
        Taro.createSelectorQuery().select(`#${props.canvasId}`).fields({ node: true, size: true }).exec((res: any[]) => {
          if (!live) return;
          const found = res?.[0];
          const canvas = found?.node as CanvasLike | undefined;
          if (!canvas || typeof canvas.getContext !== 'function') {
            setTimeout(find, FIND_RETRY_MS);
            return;
          }
          if (process.env.TARO_ENV === 'weapp') {
            const info = (Taro.getWindowInfo?.() ?? Taro.getSystemInfoSync()) as { pixelRatio?: number };
            const scale = Math.min(MAX_SCALE, info.pixelRatio || 1);
            canvas.width = Math.round(found.width * scale);
            canvas.height = Math.round(found.height * scale);
            pad.current.scale = scale;
            pad.current.cssWidth = found.width;
          }
          pad.current.canvas = canvas;
          pad.current.ctx = canvas.getContext('2d');
          setReady(true);
        });
      };
      Taro.nextTick(find);
      return () => {
        live = false;
      };
    }, [props.canvasId]);

    /** The point of an event in bitmap pixels. */
    const pointOf = (e: PointerEvent): { x: number; y: number } | null => {
      const { canvas } = pad.current;
      if (!canvas) return null;
      const t = e.touches?.[0] ?? e.changedTouches?.[0];
      if (process.env.TARO_ENV === 'weapp') {
        return t && typeof t.x === 'number' && typeof t.y === 'number' ? { x: t.x * pad.current.scale, y: t.y * pad.current.scale } : null;
      }
      const rect = canvas.getBoundingClientRect?.();
      const src = t ?? e;
      if (!rect || !rect.width || typeof src.clientX !== 'number' || typeof src.clientY !== 'number') return null;
      const scale = canvas.width / rect.width;
      return { x: (src.clientX - rect.left) * scale, y: (src.clientY - rect.top) * scale };
    };

    const begin = useCallback((e: PointerEvent) => {
      const { ctx, canvas } = pad.current;
      if (disabled.current || !ctx || !canvas) return;
      if (process.env.TARO_ENV !== 'weapp' && !pad.current.ink) fitBitmap(canvas);
      const p = pointOf(e);
      if (!p) return;
      const rect = canvas.getBoundingClientRect?.();
      const scale = process.env.TARO_ENV === 'weapp' ? pad.current.scale : rect?.width ? canvas.width / rect.width : 1;
      ctx.lineWidth = STROKE_PX * scale;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = INK;
      ctx.fillStyle = INK;
      // A tap leaves a dot, so a stroke always has ink even without moving.
      ctx.beginPath();
      ctx.arc(p.x, p.y, (STROKE_PX * scale) / 2, 0, Math.PI * 2);
      ctx.fill();
      pad.current.drawing = true;
      pad.current.last = p;
      markInk(true);
    }, []);

    const move = useCallback((e: PointerEvent) => {
      const { ctx, drawing, last } = pad.current;
      if (!drawing || !ctx || !last) return;
      const p = pointOf(e);
      if (!p) return;
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      pad.current.last = p;
    }, []);

    const end = useCallback(() => {
      pad.current.drawing = false;
      pad.current.last = null;
    }, []);

    const clear = useCallback(() => {
      const { ctx, canvas } = pad.current;
      if (ctx && canvas) ctx.clearRect(0, 0, canvas.width, canvas.height);
      end();
      markInk(false);
    }, []);

    useImperativeHandle(ref, () => ({
      clear,
      hasInk: () => pad.current.ink,
      toPng: async () => {
        const { ctx, canvas } = pad.current;
        if (!ctx || !canvas) throw new Error('签名框还没有准备好，请稍后再试');
        const full = ctx.getImageData(0, 0, canvas.width, canvas.height);
        let pixels = trimSignature({ width: full.width, height: full.height, data: full.data });
        if (!pixels) throw new Error('请先在框内签名');
        for (let i = 0; ; i++) {
          const png = encodePng(canvas, ctx, pixels, full);
          if (png.bytes <= NOTICE_LIMITS.signatureBytesMax) return png;
          if (i >= SHRINK_TRIES) throw new Error('签名太复杂，请清除后重新签名');
          pixels = halve(pixels);
        }
      },
    }), []);

    return (
      <View className='signature-pad'>
        <View className={`signature-box${props.disabled ? ' disabled' : ''}`}>
          <SignatureCanvas canvasId={props.canvasId} begin={begin} move={move} end={end} />
          {!hasInk && <Text className='signature-placeholder'>请在此处签名</Text>}
        </View>
        <View className='btn-row'>
          <Button className='btn small' disabled={!hasInk || !!props.disabled || undefined} onClick={clear}>清除重签</Button>
        </View>
        {!ready && <Text className='muted'>签名框加载中…</Text>}
      </View>
    );
  },
);

/**
 * The canvas itself, kept out of every re-render of the pad: Taro's h5 canvas resets its bitmap (the drawing) when
 * its element renders again, so its props never change. Touch on both builds; the mouse in a browser.
 */
const SignatureCanvas = memo(function SignatureCanvas(props: {
  canvasId: string;
  begin: (e: PointerEvent) => void;
  move: (e: PointerEvent) => void;
  end: () => void;
}) {
  const { begin, move, end } = props;
  const mouse = process.env.TARO_ENV === 'h5'
    ? {
        onMouseDown: (e: PointerEvent) => begin(e),
        onMouseMove: (e: PointerEvent) => {
          if (e.buttons) move(e);
        },
        onMouseUp: end,
        onMouseLeave: end,
      }
    : {};
  return (
    <Canvas
      type='2d'
      id={props.canvasId}
      canvasId={props.canvasId}
      className='signature-canvas'
      disableScroll
      onTouchStart={(e) => begin(e as unknown as PointerEvent)}
      onTouchMove={(e) => move(e as unknown as PointerEvent)}
      onTouchEnd={(e) => {
        // No mouse events made up from the touch afterwards (they would draw a second dot).
        (e as unknown as PointerEvent).preventDefault?.();
        end();
      }}
      onTouchCancel={end}
      {...(mouse as Record<string, unknown>)}
    />
  );
});

/**
 * h5: sizes the bitmap to the box as laid out now (times the screen's pixel ratio, at most MAX_SCALE). Taro's h5
 * canvas takes its bitmap size from its style when it first renders, which may be before the page is laid out; done
 * before the first stroke, so nothing drawn is lost.
 */
function fitBitmap(canvas: CanvasLike): void {
  const rect = canvas.getBoundingClientRect?.();
  if (!rect?.width || !rect.height) return;
  const scale = Math.min(MAX_SCALE, (typeof window !== 'undefined' && window.devicePixelRatio) || 1);
  const width = Math.round(rect.width * scale);
  const height = Math.round(rect.height * scale);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
}

/**
 * Encodes `pixels` as PNG on the pad's own canvas (resized for a moment, then given back its drawing): one way that
 * works on weapp and h5 alike, with no second canvas.
 */
function encodePng(canvas: CanvasLike, ctx: Ctx2d, pixels: Pixels, full: { width: number; height: number; data: Uint8ClampedArray }): SignaturePng {
  canvas.width = pixels.width;
  canvas.height = pixels.height;
  const img = ctx.createImageData(pixels.width, pixels.height);
  img.data.set(pixels.data);
  ctx.putImageData(img, 0, 0);
  const url = canvas.toDataURL('image/png');
  canvas.width = full.width;
  canvas.height = full.height;
  ctx.putImageData(full, 0, 0);
  const base64 = url.slice(url.indexOf(',') + 1);
  return { base64, width: pixels.width, height: pixels.height, bytes: base64Bytes(base64) };
}
