import { mergeInternalComponents } from '@tarojs/shared';
import wxmlAria from './wxml-aria.json';

/**
 * Adds the accessibility attributes (`wxml-aria.json`) to the runtime's component table on weapp. Run once at
 * launch, before the first page renders. The build plugin (`config/wxml-aria-plugin.js`) adds the same list to the
 * templates; both must match, because the runtime names each attribute by its place in that table.
 */
export function registerWxmlAria() {
  if (process.env.TARO_ENV === 'weapp') mergeInternalComponents(wxmlAria);
}
