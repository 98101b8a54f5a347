/**
 * Taro build plugin: lets the accessibility attributes WeChat reads (`aria-role`, `aria-label`, …) reach WXML.
 * Taro's weapp templates only print the attributes listed for each component, so anything else a page sets is
 * dropped on the way to WXML. This adds ours to those lists at build time; `src/a11y/index.ts` adds the same list
 * to the runtime copy, so the data the runtime sends uses the keys the template reads.
 */
const attributes = require('../src/a11y/wxml-aria.json');

module.exports = () => {
  if (process.env.TARO_ENV !== 'weapp') return;
  // The weapp platform builds its templates from this module's component table (merged, never replaced).
  const { internalComponents } = require('@tarojs/shared/dist/template');
  for (const [component, attrs] of Object.entries(attributes)) {
    internalComponents[component] = { ...internalComponents[component], ...attrs };
  }
};
