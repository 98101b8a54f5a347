import { QR_LOGIN, QR_SCENE_PATTERN, parseQrLoginScene, qrLoginH5Path } from '../src/api/browser-login';

const SCENE = 'AbCdEfGhIjKlMnOpQrStUvWxYz01-_45';

describe('the scene a sign-in code carries to the confirm page', () => {
  it('is read from `scene` (mini-program code, h5 link), URL-encoded or not', () => {
    expect(QR_SCENE_PATTERN.test(SCENE)).toBe(true);
    expect(parseQrLoginScene({ scene: SCENE })).toBe(SCENE);
    expect(parseQrLoginScene({ scene: encodeURIComponent(SCENE) })).toBe(SCENE);
  });

  it('is read from `q`, the whole link WeChat hands over when a plain QR code opens the mini-program', () => {
    const link = `https://anxin.example.edu.cn/#/${qrLoginH5Path(SCENE)}`;
    expect(link).toBe(`https://anxin.example.edu.cn/#/${QR_LOGIN.page}?scene=${SCENE}`);
    expect(parseQrLoginScene({ q: encodeURIComponent(link) })).toBe(SCENE);
  });

  it.each([
    ['nothing', {}],
    ['too short', { scene: SCENE.slice(1) }],
    ['too long', { scene: `${SCENE}x` }],
    ['other characters', { scene: `${SCENE.slice(1)}!` }],
    ['a poster scene', { scene: 'i.DEMO3A01' }],
    ['broken encoding', { scene: '%E0%A4%A' }],
    ['a link without a scene', { q: encodeURIComponent('https://anxin.example.edu.cn/#/pages/tips/index?schoolId=x') }],
  ])('refuses %s', (_, params) => {
    expect(parseQrLoginScene(params)).toBeNull();
  });
});
