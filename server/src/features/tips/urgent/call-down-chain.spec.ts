import { planTick } from './call-down-chain';

describe('call-down steps', () => {
  it('with SMS and voice: the first person an SMS, then a call; every next person an SMS and a call together', () => {
    expect([0, 1, 2, 3].map((tick) => planTick(tick, true))).toEqual([
      { targetIndex: 0, channels: ['sms'] },
      { targetIndex: 0, channels: ['voice'] },
      { targetIndex: 1, channels: ['sms', 'voice'] },
      { targetIndex: 2, channels: ['sms', 'voice'] },
    ]);
  });

  it('a landline takes no SMS: called at once, no second call of the same person, then a call alone', () => {
    expect([0, 1, 2].map((tick) => planTick(tick, true, false))).toEqual([
      { targetIndex: 0, channels: ['voice'] },
      { targetIndex: 0, channels: [] },
      { targetIndex: 1, channels: ['voice'] },
    ]);
  });

  it('without them: one WeChat message per person per step', () => {
    expect([0, 1, 2].map((tick) => planTick(tick, false))).toEqual([
      { targetIndex: 0, channels: ['wechat'] }, { targetIndex: 1, channels: ['wechat'] }, { targetIndex: 2, channels: ['wechat'] },
    ]);
  });
});
