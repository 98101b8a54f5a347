/**
 * Test-only helpers for the tip box pages (never imported by the app): the Taro stand-ins in test/stubs lack
 * Textarea and a few APIs these pages use, so the tests add them here.
 *   jest.mock('@tarojs/components', () => require('…/tips-test-support').componentsWithTextarea());
 * must run before the page module is required.
 */
import { jest } from '@jest/globals';
import Taro from '@tarojs/taro';

export function componentsWithTextarea() {
  const actual = jest.requireActual<Record<string, unknown>>('../../../test/stubs/components');
  const Textarea = (props: { className?: string; value?: string; placeholder?: string; maxlength?: number; onInput?: (e: unknown) => void }) => (
    <textarea
      className={props.className}
      value={props.value ?? ''}
      placeholder={props.placeholder}
      maxLength={props.maxlength}
      onChange={(e) => props.onInput?.({ detail: { value: e.target.value } })}
    />
  );
  return { ...actual, Textarea };
}

const ok = () => Promise.resolve({ errMsg: 'ok' });

/** The APIs the stand-in lacks, as jest.fn()s with harmless defaults (call after resetTaro()). */
export function extraTaro() {
  const t = Taro as unknown as Record<string, jest.Mock<(...a: any[]) => any>>;
  for (const name of ['chooseImage', 'setClipboardData', 'redirectTo', 'navigateBack', 'pageScrollTo', 'downloadFile', 'previewImage']) {
    if (!t[name]) t[name] = jest.fn();
    t[name].mockReset();
    t[name].mockImplementation(ok);
  }
  return t;
}
