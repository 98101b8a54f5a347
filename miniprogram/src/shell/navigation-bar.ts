/**
 * h5 only. Taro's browser build draws its own navigation bar (the app config sets `navigationStyle: 'default'`):
 * the page's title, a back arrow when there is a page to go back to, a home icon on a page opened directly. Its
 * buttons are bare icons; this names them for screen readers (返回 / 回到首页) once the bar exists. Their size and
 * the title's are in app.css.
 */
const BUTTONS: Array<[className: string, label: string]> = [
  ['taro-navigation-bar-back', '返回'],
  ['taro-navigation-bar-home', '回到首页'],
];

export function labelNavigationBar() {
  if (process.env.TARO_ENV !== 'h5') return;
  const bar = document.getElementById('taro-navigation-bar');
  if (!bar) return;
  for (const [className, label] of BUTTONS) {
    const button = bar.getElementsByClassName(className)[0];
    if (!button) continue;
    button.setAttribute('role', 'button');
    button.setAttribute('aria-label', label);
    button.setAttribute('tabindex', '0');
  }
}
