import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CHILD_DATA_CONSENT_VERSION } from '@anxin/shared';
import { BindBody } from './index';
import { clientConfig } from '../../api/client';
import { storage } from '../../api/storage';
import { fakeApi, makeMe } from '../../../test/fake-api';
import { resetTaro } from '../../../test/stubs/taro';

const lookup = {
  schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1', className: '三年级1班',
  students: [{ id: 's1', maskedName: '王*明' }, { id: 's2', maskedName: '李*涵' }],
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

async function openClass() {
  fireEvent.change(screen.getByPlaceholderText('例如 DEMO3A01'), { target: { value: 'demo3a01' } });
  fireEvent.click(screen.getByText('查找班级'));
  await screen.findByText('阳光实验小学 三年级1班');
}

describe('绑定孩子', () => {
  it('looks the code up, shows masked names, and refuses an incomplete form without calling the server', async () => {
    const api = fakeApi({
      'GET /invite-codes/DEMO3A01/lookup': () => ({ status: 200, body: lookup }),
      'GET /me': () => ({ status: 200, body: makeMe() }),
    });
    render(<BindBody me={makeMe()} />);
    await openClass();
    expect(screen.getByText('王*明')).toBeTruthy();
    expect(screen.getByText('李*涵')).toBeTruthy();

    fireEvent.click(screen.getByText('提交绑定申请'));
    expect(await screen.findByText('请选择您的孩子')).toBeTruthy();
    expect(screen.getByText('请输入孩子的完整姓名')).toBeTruthy();
    expect(screen.getByText('请选择您与孩子的关系')).toBeTruthy();
    expect(screen.getByText('需要您同意后才能绑定')).toBeTruthy();

    fireEvent.click(screen.getByText('王*明'));
    fireEvent.change(screen.getByPlaceholderText('请输入孩子的完整姓名'), { target: { value: '李小明' } });
    fireEvent.click(screen.getByText('提交绑定申请'));
    expect(await screen.findByText('姓名与所选的“王*明”不一致')).toBeTruthy();
    expect(api.callsTo('POST /bindings')).toHaveLength(0);
  });

  it('submits the binding with the full name, relation and the child-data consent version', async () => {
    const api = fakeApi({
      'GET /invite-codes/DEMO3A01/lookup': () => ({ status: 200, body: lookup }),
      'POST /bindings': () => ({ status: 201, body: { id: 'b1', studentName: '王小明', className: '三年级1班', status: 'pending' } }),
      'GET /me': () => ({ status: 200, body: makeMe() }),
    });
    render(<BindBody me={makeMe()} />);
    await openClass();
    fireEvent.click(screen.getByText('王*明'));
    fireEvent.change(screen.getByPlaceholderText('请输入孩子的完整姓名'), { target: { value: '王小明' } });
    fireEvent.click(screen.getByText('祖父母/外祖父母'));
    fireEvent.click(screen.getByText(/我是该学生的监护人/));
    fireEvent.click(screen.getByText('提交绑定申请'));

    expect(await screen.findByText('已提交，待班主任审核')).toBeTruthy();
    const [call] = api.callsTo('POST /bindings');
    expect(call.body).toEqual({
      inviteCode: 'DEMO3A01', studentId: 's1', studentName: '王小明', relation: 'grandparent', consentVersion: CHILD_DATA_CONSENT_VERSION,
    });
  });

  it('shows the server\'s Chinese message for an invalid code', async () => {
    fakeApi({ 'GET /invite-codes/NOPE1234/lookup': () => ({ status: 404, body: { code: 'INVITE_CODE_INVALID', message: '邀请码无效或已作废' } }) });
    render(<BindBody me={makeMe()} />);
    fireEvent.change(screen.getByPlaceholderText('例如 DEMO3A01'), { target: { value: 'NOPE1234' } });
    fireEvent.click(screen.getByText('查找班级'));
    expect(await screen.findByText('邀请码无效或已作废')).toBeTruthy();
  });

  it('lists my children with their status', () => {
    fakeApi({});
    const me = makeMe({
      students: [
        { bindingId: 'b1', studentId: 's1', studentName: '王小明', schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1', className: '三年级1班', relation: 'mother', status: 'approved', rejectReason: null },
        { bindingId: 'b2', studentId: 's2', studentName: '李雨涵', schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1', className: '三年级1班', relation: 'mother', status: 'pending', rejectReason: null },
      ],
    });
    render(<BindBody me={me} />);
    expect(screen.getByText('已绑定')).toBeTruthy();
    expect(screen.getByText('待班主任审核')).toBeTruthy();
    return waitFor(() => expect(screen.getByText('王小明')).toBeTruthy());
  });
});
