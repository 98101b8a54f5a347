import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ReporterViewCard } from './reporter-view';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe("school settings: what the reporter's 处理记录 shows of the staff", () => {
  it('shows the current choice and saves the other one', async () => {
    let saved = false;
    const api = fakeApi({
      'GET /schools/sch1/reporter-view': () => ({ status: 200, body: { showStaffNames: saved } }),
      'PUT /schools/sch1/reporter-view': (c) => {
        saved = c.body.showStaffNames;
        return { status: 200, body: { showStaffNames: saved } };
      },
    });
    render(<ReporterViewCard schoolId='sch1' />);
    const rolesOnly = await screen.findByText('只显示职务（如：欺凌防治负责人）');
    expect(rolesOnly.className).toContain('selected');
    fireEvent.click(rolesOnly); // already chosen: nothing is sent
    fireEvent.click(screen.getByText('显示姓名和职务（如：张静（欺凌防治负责人））'));
    await waitFor(() => expect(api.callsTo('PUT /schools/sch1/reporter-view')).toHaveLength(1));
    expect(api.callsTo('PUT /schools/sch1/reporter-view')[0].body).toEqual({ showStaffNames: true });
    await waitFor(() => expect(screen.getByText('显示姓名和职务（如：张静（欺凌防治负责人））').className).toContain('selected'));
  });
});
