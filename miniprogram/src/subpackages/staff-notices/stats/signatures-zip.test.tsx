import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { NoticeStaffDetail } from '@anxin/shared';
import Taro from '@tarojs/taro';
import { storage } from '../../../api/storage';
import { resetTaro } from '../../../../test/stubs/taro';
import { SignaturesZipButton } from './signatures-zip';

const t = Taro as unknown as Record<string, jest.Mock<(...a: any[]) => any>>;
const NOTICE = { id: 'n1', title: '期中家长会', confirmMode: 'sign' } as NoticeStaffDetail;

beforeEach(() => {
  resetTaro();
  storage.setToken('tok');
  if (!t.shareFileMessage) t.shareFileMessage = jest.fn();
  t.shareFileMessage.mockReset();
  t.shareFileMessage.mockImplementation(() => Promise.resolve({ errMsg: 'ok' }));
  process.env.TARO_ENV = 'weapp';
});
afterEach(() => {
  process.env.TARO_ENV = 'h5';
});

describe('下载签字（zip）', () => {
  it('downloads the zip with the session and, in WeChat, sends it to a chat under the notice\'s name', async () => {
    t.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/signatures.zip' });
    render(<SignaturesZipButton notice={NOTICE} signed={3} />);
    fireEvent.click(screen.getByText('下载签字（zip，3 份）'));
    await waitFor(() => expect(t.shareFileMessage).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/signatures.zip', fileName: '期中家长会-家长签字.zip' }));
    const call = t.downloadFile.mock.calls[0][0];
    expect(call.url).toMatch(/\/api\/v1\/notices\/n1\/signatures\.zip$/);
    expect(call.header).toEqual({ Authorization: 'Bearer tok' });
    expect(screen.getByText('压缩包会发送到微信聊天，可发给“文件传输助手”后在电脑上保存。')).toBeTruthy();
  });

  it('is not offered when nothing is signed, or the notice asks for no signature', () => {
    const { container } = render(<SignaturesZipButton notice={NOTICE} signed={0} />);
    expect(container.textContent).toBe('');
    const other = render(<SignaturesZipButton notice={{ ...NOTICE, confirmMode: 'confirm' }} signed={2} />);
    expect(other.container.textContent).toBe('');
  });

  it('says what went wrong when the server refuses', async () => {
    t.downloadFile.mockResolvedValue({ statusCode: 403, tempFilePath: 'wxfile://tmp/err' });
    t.getFileSystemManager.mockReturnValue({ readFileSync: () => JSON.stringify({ code: 'FORBIDDEN', message: '只能查看自己班级的情况' }) });
    render(<SignaturesZipButton notice={NOTICE} signed={1} />);
    fireEvent.click(screen.getByText('下载签字（zip，1 份）'));
    await waitFor(() => expect(t.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '只能查看自己班级的情况' })));
    expect(t.shareFileMessage).not.toHaveBeenCalled();
  });
});
