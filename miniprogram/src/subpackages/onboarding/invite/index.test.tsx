import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { InviteBody, joinedText } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro, routerParams } from '../../../../test/stubs/taro';

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

const typeInto = (placeholder: string, value: string) => fireEvent.input(screen.getByPlaceholderText(placeholder), { target: { value }, detail: { value } });

describe('the invite page', () => {
  it('opened from a share card or link, has the code filled in; the person gives their name and joins', async () => {
    routerParams.current = { code: 'abcd-2345-efgh' };
    const api = fakeApi({
      'POST /onboarding/redeem': () => ({ status: 200, body: { role: 'district_officer', districtId: 'd1', districtName: '海淀区教育委员会', schoolId: null, schoolName: null } }),
      'GET /me': () => ({ status: 200, body: makeMe() }),
    });
    render(<InviteBody me={makeMe({ displayName: '微信用户' })} />);
    expect((screen.getByPlaceholderText('例如 ABCD-EFGH-JKMN') as HTMLInputElement).value).toBe('ABCD2345EFGH');
    // WeChat's placeholder name is not offered as the person's name
    expect((screen.getByPlaceholderText('同事和教育局看到的称呼') as HTMLInputElement).value).toBe('');
    fireEvent.click(screen.getByText('确认加入'));
    expect(await screen.findByText('请输入您的姓名，方便同事和教育局认出您')).toBeTruthy();
    expect(api.callsTo('POST /onboarding/redeem')).toHaveLength(0);

    typeInto('同事和教育局看到的称呼', '王建国');
    fireEvent.click(screen.getByText('确认加入'));
    expect(await screen.findByText('您已成为海淀区教育委员会的工作人员。')).toBeTruthy();
    expect(api.callsTo('POST /onboarding/redeem')[0].body).toEqual({ code: 'ABCD2345EFGH', name: '王建国' });
    fireEvent.click(screen.getByText('打开区县控制台'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/district/console/index' }));
  });

  it('shows the server\'s reason when a code is used, expired or wrong, and refuses text that is no code', async () => {
    fakeApi({ 'POST /onboarding/redeem': () => ({ status: 410, body: { code: 'ONBOARDING_INVITE_EXPIRED', message: '这个邀请码已过期（72 小时内有效），请联系教育局重新生成' } }) });
    render(<InviteBody me={makeMe({ displayName: '陈老师' })} />);
    typeInto('例如 ABCD-EFGH-JKMN', '这不是邀请码');
    fireEvent.click(screen.getByText('确认加入'));
    expect(await screen.findByText('请输入收到的邀请码（字母和数字，可以带短横线）')).toBeTruthy();
    typeInto('例如 ABCD-EFGH-JKMN', 'ABCD2345EFGH');
    fireEvent.click(screen.getByText('确认加入'));
    expect(await screen.findByText('这个邀请码已过期（72 小时内有效），请联系教育局重新生成')).toBeTruthy();
  });

  it('says what the person became, for school roles too', () => {
    expect(joinedText({ role: 'admin', districtId: 'd1', districtName: 'x', schoolId: 's1', schoolName: '阳光实验小学' })).toBe('您已成为阳光实验小学的学校管理员。');
    expect(joinedText({ role: 'principal', districtId: 'd1', districtName: 'x', schoolId: 's1', schoolName: '阳光实验小学' })).toBe('您已成为阳光实验小学的校长。');
  });
});
