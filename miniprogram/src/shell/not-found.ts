import Taro from '@tarojs/taro';
import { ROUTES } from '../routes';

/** A link to a page the app does not have opens the not-found page instead of a blank screen (both builds). */
export function openNotFound() {
  void Taro.redirectTo({ url: ROUTES.notFound });
}
