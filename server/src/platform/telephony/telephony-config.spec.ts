import { loadConfig } from '../config/app-config';
import { productionEnv } from '../../../test/support/production-env';

const FULL = {
  TENCENTCLOUD_SECRET_ID: 'AKIDx', TENCENTCLOUD_SECRET_KEY: 'key', SMS_SDK_APP_ID: '1400000001', SMS_SIGN_NAME: '安心家校',
  SMS_TEMPLATE_URGENT: '100001', VMS_SDK_APP_ID: '1400000002', VMS_TEMPLATE_URGENT: '200002',
};
const base = { NODE_ENV: 'test', ANXIN_DATA_DIR: '/tmp/anxin-telephony-config-spec' };

describe('telephony configuration', () => {
  it('is off when none of it is set, also in production: the server starts and call-downs use WeChat and the inbox', () => {
    expect(loadConfig(base).telephony).toBeNull();
    const production = loadConfig({ ...productionEnv(base.ANXIN_DATA_DIR), ANXIN_DATA_DIR: base.ANXIN_DATA_DIR });
    expect(production.telephony).toBeNull();
  });

  it('reads the full set, with the endpoint override and the callback token', () => {
    const config = loadConfig({ ...base, ...FULL, TENCENTCLOUD_API_BASE: 'http://127.0.0.1:3901/', TELEPHONY_CALLBACK_TOKEN: 'a-long-enough-token' });
    expect(config.telephony).toMatchObject({ secretId: 'AKIDx', smsSignName: '安心家校', region: 'ap-guangzhou', apiBase: 'http://127.0.0.1:3901', callbackToken: 'a-long-enough-token' });
  });

  it('a half-filled set stops the start naming what is missing', () => {
    const { VMS_TEMPLATE_URGENT: _, ...half } = FULL;
    expect(() => loadConfig({ ...base, ...half })).toThrow('Configuration error: VMS_TEMPLATE_URGENT');
    expect(() => loadConfig({ ...base, ...FULL, TELEPHONY_CALLBACK_TOKEN: 'short' })).toThrow('Configuration error: TELEPHONY_CALLBACK_TOKEN');
    expect(() => loadConfig({ ...base, ...FULL, TENCENTCLOUD_API_BASE: 'not a url' })).toThrow('Configuration error: TENCENTCLOUD_API_BASE');
  });
});
