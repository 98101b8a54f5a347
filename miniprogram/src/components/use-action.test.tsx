import { beforeEach, describe, expect, it } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { ApiError } from '../api/client';
import { resetTaro } from '../../test/stubs/taro';
import { ActionError } from './ActionError';
import { useAction, type RunOptions } from './use-action';

/** A button whose work is a promise the test settles by hand. */
function Harness(props: { options?: RunOptions; onResult: (ok: boolean) => void; work: () => Promise<unknown> }) {
  const action = useAction();
  return (
    <View>
      <Button disabled={action.busy || undefined} onClick={() => void action.run(props.work, props.options).then(props.onResult)}>保存</Button>
      <Button onClick={() => action.refuse('请先填写内容')}>检查</Button>
      <Button onClick={() => action.clear()}>改了</Button>
      <ActionError error={action.error} />
    </View>
  );
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => { resolve = res; });
  return { promise, resolve };
}

describe('useAction', () => {
  beforeEach(() => resetTaro());

  it('is busy while the work runs, ignores a second tap, then toasts done and resolves true', async () => {
    const d = deferred();
    let calls = 0;
    const results: boolean[] = [];
    render(<Harness options={{ done: '已保存' }} onResult={(ok) => results.push(ok)} work={() => { calls += 1; return d.promise; }} />);
    fireEvent.click(screen.getByText('保存'));
    expect(screen.getByText('保存').closest('button')!.disabled).toBe(true);
    fireEvent.click(screen.getByText('保存'));
    await act(async () => { d.resolve(); await d.promise; });
    expect(calls).toBe(1);
    expect(results).toEqual([true]);
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存', icon: 'success' }));
    expect(screen.getByText('保存').closest('button')!.disabled).toBe(false);
  });

  it('shows the server’s reason under the button by default, clears it on the next run, and resolves false', async () => {
    const results: boolean[] = [];
    let fail = true;
    render(<Harness onResult={(ok) => results.push(ok)} work={async () => { if (fail) throw new ApiError(409, 'CONFLICT', '已被他人修改，请刷新'); }} />);
    await act(async () => { fireEvent.click(screen.getByText('保存')); });
    expect(screen.getByText('已被他人修改，请刷新')).toBeTruthy();
    expect(Taro.showToast).not.toHaveBeenCalled();
    fail = false;
    await act(async () => { fireEvent.click(screen.getByText('保存')); });
    expect(screen.queryByText('已被他人修改，请刷新')).toBeNull();
    expect(results).toEqual([false, true]);
  });

  it('with errors: toast, shows the reason as a toast; an error that is not the server’s says so in plain words', async () => {
    render(<Harness options={{ errors: 'toast' }} onResult={() => undefined} work={async () => { throw new TypeError('x is undefined'); }} />);
    await act(async () => { fireEvent.click(screen.getByText('保存')); });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '出了点问题，请稍后再试' }));
    expect(screen.queryByText('出了点问题，请稍后再试')).toBeNull();
  });

  it('refuse() shows a problem found before sending, the same way; clear() takes it away', () => {
    render(<Harness onResult={() => undefined} work={async () => undefined} />);
    fireEvent.click(screen.getByText('检查'));
    expect(screen.getByText('请先填写内容')).toBeTruthy();
    fireEvent.click(screen.getByText('改了'));
    expect(screen.queryByText('请先填写内容')).toBeNull();
  });
});
