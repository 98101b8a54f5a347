import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * Build configuration for both targets.
 * - ANXIN_API_BASE: where the app sends API calls. h5 defaults to '' (same origin: the server serves the app);
 *   weapp needs an https domain registered in the mini-program console, so it defaults to a placeholder.
 * - WECHAT_APPID: written into dist/weapp/project.config.json (Taro reads TARO_APP_ID); placeholder otherwise.
 */
const PLACEHOLDER_WEAPP_API_BASE = 'https://anxin.example.com';

export default defineConfig<'webpack5'>(async (merge) => {
  const taroEnv = process.env.TARO_ENV;
  if (process.env.WECHAT_APPID) process.env.TARO_APP_ID = process.env.WECHAT_APPID;
  const apiBase = process.env.ANXIN_API_BASE ?? (taroEnv === 'h5' ? '' : PLACEHOLDER_WEAPP_API_BASE);
  const sharedDir = path.resolve(__dirname, '..', '..', 'shared', 'src');
  const sharedSrc = path.join(sharedDir, 'index.ts');

  const aliasShared = (chain: any) => {
    chain.resolve.alias.set('@anxin/shared$', sharedSrc);
  };

  const config: UserConfigExport<'webpack5'> = {
    projectName: 'anxin',
    date: '2026-11-29',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${taroEnv}`,
    // Accessibility attributes reach WXML (weapp only; see the plugin).
    plugins: [path.resolve(__dirname, 'wxml-aria-plugin.js')],
    defineConstants: {
      ANXIN_API_BASE: JSON.stringify(apiBase.replace(/\/+$/, '')),
    },
    alias: {
      '@anxin/shared': sharedSrc,
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // shared/src is TypeScript outside sourceRoot: compile it like our own sources.
      compile: { include: [sharedDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        aliasShared(chain);
      },
    },
    h5: {
      compile: { include: [sharedDir] },
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        aliasShared(chain);
      },
    },
  };
  return merge({}, config);
});
