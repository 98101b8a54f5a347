import type { PropsWithChildren } from 'react';
import { useLaunch, usePageNotFound } from '@tarojs/taro';
import { listenForPrivacyRequests } from './state/privacy';
import { registerWxmlAria } from './a11y/register';
import { labelNavigationBar } from './shell/navigation-bar';
import { openNotFound } from './shell/not-found';
import './app.css';

registerWxmlAria();

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    listenForPrivacyRequests();
    labelNavigationBar();
  });
  usePageNotFound(openNotFound);
  return children;
}

export default App;
