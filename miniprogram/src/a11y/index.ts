/**
 * Accessibility props for a tappable `View` (or a `Text`), per build target. Screen readers need to know that a
 * row is a button, a radio or a switch, and whether it is checked.
 * - h5: the ARIA attributes of the web (`role`, `aria-label`, `aria-checked`).
 * - weapp: WeChat reads `aria-role` instead of `role`. Taro passes only the attributes its templates list, so the
 *   build adds these (`config/wxml-aria-plugin.js`) and `./register.ts` adds them to the runtime's list.
 */
export type A11yRole = 'button' | 'radio' | 'checkbox' | 'switch' | 'link' | 'heading' | 'img';

export interface A11yProps {
  role?: A11yRole;
  'aria-role'?: A11yRole;
  'aria-label'?: string;
  'aria-checked'?: boolean;
}

export function a11y(opts: { role?: A11yRole; label?: string; checked?: boolean }): A11yProps {
  const props: A11yProps = {};
  if (opts.role) {
    if (process.env.TARO_ENV === 'weapp') props['aria-role'] = opts.role;
    else props.role = opts.role;
  }
  if (opts.label !== undefined) props['aria-label'] = opts.label;
  if (opts.checked !== undefined) props['aria-checked'] = opts.checked;
  return props;
}

