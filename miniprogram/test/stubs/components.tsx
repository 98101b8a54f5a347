/**
 * Stand-ins for @tarojs/components in jsdom: plain DOM elements that call the handlers with Taro-shaped
 * events (`e.detail.value`), so pages run unchanged.
 */
import type { ReactNode } from 'react';

type Props = { children?: ReactNode; className?: string; [k: string]: unknown };

function pass(props: Props) {
  const { children: _c, onClick, className, role, id, style } = props as any;
  // Inline styles as objects (a chart's bar widths), as Taro passes them on; a style string is left out.
  return { onClick, className, role, id, 'aria-checked': (props as any)['aria-checked'], ...(style && typeof style === 'object' ? { style } : {}) };
}

export const View = (props: Props) => <div {...pass(props)}>{props.children}</div>;
export const Text = (props: Props) => <span {...pass(props)}>{props.children}</span>;
export const Button = (props: Props & { disabled?: boolean; openType?: string; onAgreePrivacyAuthorization?: () => void }) => (
  <button
    type='button'
    className={props.className}
    id={props.id as string | undefined}
    disabled={props.disabled}
    data-open-type={props.openType}
    onClick={(e) => {
      (props.onClick as ((e: unknown) => void) | undefined)?.(e);
      if (props.openType === 'agreePrivacyAuthorization') props.onAgreePrivacyAuthorization?.();
    }}
  >
    {props.children}
  </button>
);
export const Input = (props: Props & { value?: string; placeholder?: string; maxlength?: number; type?: string }) => (
  <input
    className={props.className}
    value={props.value ?? ''}
    placeholder={props.placeholder}
    maxLength={props.maxlength}
    onChange={(e) => (props.onInput as ((e: unknown) => void) | undefined)?.({ detail: { value: e.target.value } })}
    onKeyDown={(e) => {
      if (e.key === 'Enter') (props.onConfirm as ((e: unknown) => void) | undefined)?.({ detail: { value: (e.target as HTMLInputElement).value } });
    }}
  />
);
export const Switch = (props: Props & { checked?: boolean }) => (
  <input
    type='checkbox'
    role='switch'
    className={props.className}
    checked={!!props.checked}
    onClick={(e) => (props.onClick as ((e: unknown) => void) | undefined)?.(e)}
    onChange={(e) => (props.onChange as ((e: unknown) => void) | undefined)?.({ detail: { value: e.target.checked } })}
  />
);
export const Image = (props: Props & { src?: string }) => <img className={props.className} src={props.src} alt='' />;
