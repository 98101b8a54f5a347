import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { listenForPrivacyRequests } from './state/privacy';
import './app.css';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    listenForPrivacyRequests();
  });
  return children;
}

export default App;
