import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { NoticeTemplate } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { TemplatePicker } from './template-picker';

const body = { version: 1 as const, blocks: [{ type: 'paragraph' as const, spans: [{ text: '尊敬的家长：' }] }] };
const TEMPLATES: NoticeTemplate[] = [
  { id: 'letter-spring', name: '春季学期致家长的一封信', description: '寒假后开学时发给全校家长', kind: 'letter', semester: 'spring', current: true, title: '致家长的一封信', body, confirmMode: 'sign', question: null },
  { id: 'warning-bullying', name: '欺凌警示（紧急预警）', description: '不写任何学生的姓名', kind: 'warning', semester: null, current: false, title: '紧急提醒', body, confirmMode: 'confirm', question: null },
];

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('从模板开始', () => {
  it('lists the templates (this semester\'s marked) and hands the chosen one to the editor', async () => {
    fakeApi({ 'GET /notice-templates': () => ({ status: 200, body: { items: TEMPLATES } }) });
    const onPick = jest.fn();
    render(<TemplatePicker onPick={onPick} />);
    fireEvent.click(await screen.findByText('从模板开始'));
    expect(screen.getByText('本学期')).toBeTruthy();
    fireEvent.click(screen.getByText('欺凌警示（紧急预警）'));
    expect(onPick).toHaveBeenCalledWith(TEMPLATES[1]);
  });

  it('shows nothing when the templates cannot be loaded (the editor works without them)', async () => {
    const api = fakeApi({ 'GET /notice-templates': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '没有权限进行此操作' } }) });
    const { container } = render(<TemplatePicker onPick={() => undefined} />);
    // The refusal is answered and the picker stays empty.
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(api.callsTo('GET /notice-templates')).toHaveLength(1);
    expect(container.textContent).toBe('');
  });
});
