import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { URGENT_NOTICES, type UrgentSettings } from '@anxin/shared';
import { UrgentSettingsBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });
const principal = makeMe({ id: 'u-p', roles: [role('principal')] });
const settings = (over: Partial<UrgentSettings> = {}): UrgentSettings => ({
  schoolId: 'sch1', stepMinutes: 5, telephonyConfigured: false, districtDutyConfigured: true,
  notices: [URGENT_NOTICES.telephonyOff, URGENT_NOTICES.noRoster],
  contacts: [
    { id: 'c1', kind: 'contact', name: '张老师', userId: 'u-c', phoneMasked: '138****0001' },
    { id: 'c2', kind: 'principal', name: '王校长', userId: null, phoneMasked: '139****0002' },
  ],
  roster: [],
  ...over,
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

const inputs = (cls: string) => Array.from(document.querySelectorAll(`input.${cls}`)) as HTMLInputElement[];

describe('staff: 紧急呼叫设置', () => {
  it('shows the server’s plain statements and the saved phones masked only', async () => {
    fakeApi({ 'GET /schools/sch1/urgent-settings': () => ({ status: 200, body: settings() }) });
    render(<UrgentSettingsBody me={principal} />);
    expect(await screen.findByText(URGENT_NOTICES.telephonyOff)).toBeTruthy();
    expect(screen.getByText(URGENT_NOTICES.noRoster)).toBeTruthy();
    expect(screen.getByText('已保存：138****0001（如需更换，在下面输入新号码）')).toBeTruthy();
    expect(screen.getByText('已保存：139****0002（如需更换，在下面输入新号码）')).toBeTruthy();
    expect(inputs('urgent-phone-input').map((i) => i.value)).toEqual(['', '']);
    expect(inputs('urgent-name-input').map((i) => i.value)).toEqual(['张老师', '王校长']);
  });

  it('saves the list in its new order (saved phones kept by id, a new phone in full) and a night shift', async () => {
    const api = fakeApi({
      'GET /schools/sch1/urgent-settings': () => ({ status: 200, body: settings() }),
      'PUT /schools/sch1/urgent-settings': () => ({ status: 200, body: settings({ notices: [], stepMinutes: 3 }) }),
    });
    render(<UrgentSettingsBody me={principal} />);
    await screen.findByText(URGENT_NOTICES.telephonyOff);
    fireEvent.change(document.querySelector('input.urgent-step-input')!, { target: { value: '3' } });
    fireEvent.click(screen.getAllByText('上移')[1]); // 王校长 first
    fireEvent.click(screen.getByText('添加一位'));
    fireEvent.click(screen.getAllByText('欺凌治理委员会成员')[2]);
    fireEvent.change(inputs('urgent-name-input')[2], { target: { value: '刘委员' } });
    fireEvent.change(inputs('urgent-phone-input')[2], { target: { value: '13700000003' } });
    fireEvent.click(screen.getByText('添加值班'));
    fireEvent.change(inputs('urgent-name-input')[3], { target: { value: '李老师' } });
    fireEvent.change(inputs('urgent-phone-input')[3], { target: { value: '13600000004' } });
    fireEvent.click(screen.getByText('周五')); // Monday–Thursday nights only
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(api.callsTo('PUT /schools/sch1/urgent-settings')).toHaveLength(1));
    expect(api.callsTo('PUT /schools/sch1/urgent-settings')[0].body).toEqual({
      stepMinutes: 3,
      contacts: [
        { kind: 'principal', name: '王校长', keepId: 'c2' },
        { kind: 'contact', name: '张老师', keepId: 'c1', userId: 'u-c' },
        { kind: 'committee', name: '刘委员', phone: '13700000003' },
      ],
      roster: [{ name: '李老师', phone: '13600000004', weekdays: [1, 2, 3, 4], start: '18:00', end: '08:00' }],
    });
    // The answer replaces the form: the statements are gone.
    await waitFor(() => expect(screen.queryByText(URGENT_NOTICES.telephonyOff)).toBeNull());
  });

  it('shows each validation problem beside its own field, and the message above the button', async () => {
    fakeApi({
      'GET /schools/sch1/urgent-settings': () => ({ status: 200, body: settings() }),
      'PUT /schools/sch1/urgent-settings': () => ({
        status: 400,
        body: { code: 'VALIDATION_FAILED', message: '提交的内容有误，请检查后重试', details: [{ field: 'contacts.1.phone', problems: ['请填写正确的手机号或座机号'] }] },
      }),
    });
    render(<UrgentSettingsBody me={principal} />);
    await screen.findByText(URGENT_NOTICES.telephonyOff);
    fireEvent.change(inputs('urgent-phone-input')[1], { target: { value: '12345' } });
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('请填写正确的手机号或座机号')).toBeTruthy();
    expect(screen.getByText('提交的内容有误，请检查后重试')).toBeTruthy();
    // Beside the second entry's phone, not the first's.
    const rows = Array.from(document.querySelectorAll('.urgent-contact'));
    expect(rows[1].textContent).toContain('请填写正确的手机号或座机号');
    expect(rows[0].textContent).not.toContain('请填写正确的手机号或座机号');
  });

  it('refuses a step interval out of range before sending anything', async () => {
    const api = fakeApi({ 'GET /schools/sch1/urgent-settings': () => ({ status: 200, body: settings() }) });
    render(<UrgentSettingsBody me={principal} />);
    await screen.findByText(URGENT_NOTICES.telephonyOff);
    fireEvent.change(document.querySelector('input.urgent-step-input')!, { target: { value: '0' } });
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('请填写 1–60 之间的整数')).toBeTruthy();
    expect(api.callsTo('PUT /schools/sch1/urgent-settings')).toHaveLength(0);
  });
});
