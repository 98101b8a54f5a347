import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { SemesterReport } from '@anxin/shared';
import { clientConfig } from '../../api/client';
import { storage } from '../../api/storage';
import { fakeApi } from '../../../test/fake-api';
import { resetTaro } from '../../../test/stubs/taro';
import { JOB_POLL_MS as REPORT_POLL_MS } from '../../components/polled-jobs';
import { SemesterReports } from './reports';

const t = Taro as unknown as Record<string, jest.Mock<(...a: any[]) => any>>;
const SEMESTERS = [{ key: '2026-1', label: '2026-2027学年 第一学期' }, { key: '2025-2', label: '2025-2026学年 第二学期' }];

function report(over: Partial<SemesterReport> = {}): SemesterReport {
  return {
    id: 'r1', scope: 'school', scopeId: 'sch1', semester: '2026-1', semesterLabel: '2026-2027学年 第一学期', status: 'ready', progress: 100, exact: true,
    createdAt: '2026-11-30T02:00:00.000Z', expiresAt: '2026-12-07T02:00:00.000Z', ...over,
  };
}

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  t.downloadFile.mockImplementation(async (o: any) => ({ statusCode: 200, tempFilePath: `wxfile://tmp/${String(o.url).split('/').pop()}` }));
  t.openDocument.mockResolvedValue({ errMsg: 'ok' });
});
afterEach(() => {
  jest.useRealTimers();
  process.env.TARO_ENV = 'h5';
});

describe('学期报告 on a dashboard', () => {
  it("asks for the shown semester's report and lists it with its status", async () => {
    let items: SemesterReport[] = [];
    const api = fakeApi({
      'GET /schools/sch1/reports': () => ({ status: 200, body: { items } }),
      'POST /schools/sch1/reports': () => {
        items = [report({ status: 'failed', progress: 0 })];
        return { status: 202, body: items[0] };
      },
    });
    render(<SemesterReports scope='school' scopeId='sch1' name='阳光实验小学' semester='2026-1' semesters={SEMESTERS} />);
    expect(await screen.findByText('还没有生成过报告。')).toBeTruthy();
    fireEvent.click(screen.getByText('生成本学期报告'));
    expect(await screen.findByText('生成失败')).toBeTruthy();
    expect(api.callsTo('POST /schools/sch1/reports').map((c) => c.body)).toEqual([{ semester: '2026-1' }]);
    expect(screen.getByText('2026-11-30 10:00 申请 · 保留至 2026-12-07')).toBeTruthy();
    expect(screen.queryByText('下载表格')).toBeNull();
  });

  it('names a past semester as the one chosen, and asks for the district\'s there', async () => {
    const api = fakeApi({
      'GET /districts/d1/reports': () => ({ status: 200, body: { items: [] } }),
      'POST /districts/d1/reports': () => ({ status: 202, body: report({ scope: 'district', scopeId: 'd1', status: 'ready' }) }),
    });
    render(<SemesterReports scope='district' scopeId='d1' name='海淀区教育局' semester='2025-2' semesters={SEMESTERS} />);
    fireEvent.click(await screen.findByText('生成所选学期报告'));
    await waitFor(() => expect(api.callsTo('POST /districts/d1/reports').map((c) => c.body)).toEqual([{ semester: '2025-2' }]));
  });

  it('reads the list again while a report is being made, showing its progress, until it is ready', async () => {
    jest.useFakeTimers();
    const states: SemesterReport[] = [report({ status: 'queued', progress: 0 }), report({ status: 'running', progress: 50 }), report()];
    let read = 0;
    const api = fakeApi({ 'GET /schools/sch1/reports': () => ({ status: 200, body: { items: [states[Math.min(read++, 2)]] } }) });
    render(<SemesterReports scope='school' scopeId='sch1' name='阳光实验小学' semester='2026-1' semesters={SEMESTERS} />);
    await act(async () => { await jest.advanceTimersByTimeAsync(0); });
    expect(screen.getByText('排队中')).toBeTruthy();
    await act(async () => { await jest.advanceTimersByTimeAsync(REPORT_POLL_MS); });
    expect(screen.getByText('生成中 50%')).toBeTruthy();
    await act(async () => { await jest.advanceTimersByTimeAsync(REPORT_POLL_MS); });
    expect(screen.getByText('已生成')).toBeTruthy();
    // ready: no more reading
    await act(async () => { await jest.advanceTimersByTimeAsync(REPORT_POLL_MS * 3); });
    expect(api.callsTo('GET /schools/sch1/reports')).toHaveLength(3);
  });

  it("opens a ready report's spreadsheet and PDF in WeChat's document viewer, with the session", async () => {
    process.env.TARO_ENV = 'weapp';
    fakeApi({ 'GET /schools/sch1/reports': () => ({ status: 200, body: { items: [report()] } }) });
    render(<SemesterReports scope='school' scopeId='sch1' name='阳光实验小学' semester='2026-1' semesters={SEMESTERS} />);
    fireEvent.click(await screen.findByText('下载表格'));
    await waitFor(() => expect(t.openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/report.xlsx', fileType: 'xlsx', showMenu: true }));
    fireEvent.click(screen.getByText('下载 PDF'));
    await waitFor(() => expect(t.openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/report.pdf', fileType: 'pdf', showMenu: true }));
    expect(t.downloadFile.mock.calls.map((c) => [c[0].url, c[0].header])).toEqual([
      ['/api/v1/reports/r1/report.xlsx', { Authorization: 'Bearer tok' }],
      ['/api/v1/reports/r1/report.pdf', { Authorization: 'Bearer tok' }],
    ]);
  });

  it("shows the server's refusal of a download (409 while not ready)", async () => {
    process.env.TARO_ENV = 'weapp';
    fakeApi({ 'GET /schools/sch1/reports': () => ({ status: 200, body: { items: [report()] } }) });
    t.getFileSystemManager.mockReturnValue({ readFileSync: () => JSON.stringify({ code: 'REPORT_NOT_READY', message: '报告还在生成中，请稍后再试' }) });
    t.downloadFile.mockResolvedValue({ statusCode: 409, tempFilePath: 'wxfile://tmp/err' });
    render(<SemesterReports scope='school' scopeId='sch1' name='阳光实验小学' semester='2026-1' semesters={SEMESTERS} />);
    fireEvent.click(await screen.findByText('下载 PDF'));
    expect(await screen.findByText('报告还在生成中，请稍后再试')).toBeTruthy();
    expect(t.openDocument).not.toHaveBeenCalled();
  });
});
