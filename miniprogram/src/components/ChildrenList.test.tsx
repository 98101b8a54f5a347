import { describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import type { MeStudent } from '@anxin/shared';
import { ChildrenList } from './ChildrenList';

const child = (over: Partial<MeStudent>): MeStudent => ({
  bindingId: 'b1', studentId: 's1', studentName: '王小明', schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1',
  className: '三年级1班', relation: 'mother', status: 'approved', rejectReason: null, ...over,
});

describe('ChildrenList', () => {
  it('tells a guardian why the teacher rejected the request', () => {
    render(<ChildrenList students={[child({ status: 'rejected', rejectReason: '姓名与花名册不符' })]} />);
    expect(screen.getByText('未通过')).toBeTruthy();
    expect(screen.getByText(/未通过原因：姓名与花名册不符/)).toBeTruthy();
  });
  it('shows no reason line for approved or pending children', () => {
    render(<ChildrenList students={[child({}), child({ bindingId: 'b2', status: 'pending' })]} />);
    expect(screen.queryByText(/未通过原因/)).toBeNull();
    expect(screen.getByText('已绑定')).toBeTruthy();
    expect(screen.getByText('待班主任审核')).toBeTruthy();
  });
});
