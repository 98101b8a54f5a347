import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DistrictDutyBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const officer = makeMe({ id: 'u-d', roles: [{ role: 'district_officer' as any, schoolId: null, schoolName: null, districtId: 'd1', districtName: '西湖区', classIds: [] } as any] });

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('district: 区县值班电话', () => {
  it('shows the saved phone masked and saves a new one typed in full', async () => {
    const api = fakeApi({
      'GET /districts/d1/urgent-duty': () => ({ status: 200, body: { districtId: 'd1', name: '区教育局值班室', phoneMasked: '136****0009' } }),
      'PUT /districts/d1/urgent-duty': (c) => ({ status: 200, body: { districtId: 'd1', name: c.body.name, phoneMasked: '057****4321' } }),
    });
    render(<DistrictDutyBody me={officer} />);
    expect(await screen.findByText('当前：区教育局值班室 136****0009')).toBeTruthy();
    expect((document.querySelector('input.district-duty-phone') as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('请填写值班电话（保存时需要输入完整号码）')).toBeTruthy();
    expect(api.callsTo('PUT /districts/d1/urgent-duty')).toHaveLength(0);
    fireEvent.change(document.querySelector('input.district-duty-phone')!, { target: { value: '0571-87654321' } });
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(api.callsTo('PUT /districts/d1/urgent-duty')).toHaveLength(1));
    expect(api.callsTo('PUT /districts/d1/urgent-duty')[0].body).toEqual({ name: '区教育局值班室', phone: '0571-87654321' });
    expect(await screen.findByText('当前：区教育局值班室 057****4321')).toBeTruthy();
  });

  it('says plainly when none is set, and shows the server’s problem beside the phone', async () => {
    fakeApi({
      'GET /districts/d1/urgent-duty': () => ({ status: 200, body: { districtId: 'd1', name: null, phoneMasked: null } }),
      'PUT /districts/d1/urgent-duty': () => ({
        status: 400, body: { code: 'VALIDATION_FAILED', message: '提交的内容有误，请检查后重试', details: [{ field: 'phone', problems: ['请填写正确的手机号或座机号'] }] },
      }),
    });
    render(<DistrictDutyBody me={officer} />);
    expect(await screen.findByText('尚未设置区县值班电话：学校名单呼叫完后不会再呼叫区县。')).toBeTruthy();
    fireEvent.change(document.querySelector('input.district-duty-name')!, { target: { value: '值班室' } });
    fireEvent.change(document.querySelector('input.district-duty-phone')!, { target: { value: '12345' } });
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('请填写正确的手机号或座机号')).toBeTruthy();
    expect(screen.getByText('提交的内容有误，请检查后重试')).toBeTruthy();
  });
});
