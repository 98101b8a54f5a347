import { Button } from '@tarojs/components';
import { ROUTES, openPage } from '../routes';

/** Where 我现在有危险 leads: the tip box entry (main package) opened at its emergency screen. */
export const DANGER_SCREEN = `${ROUTES.tips}?danger=1`;

/**
 * 我现在有危险: the first and biggest thing on the tip box entry, and on every page that cannot show its content
 * (no privacy agreement yet, logging in, no network, signed out), so the way to 110 / 12355 never waits for a login.
 */
export function DangerNow(props: { onTap?: () => void }) {
  return (
    <Button className='btn danger-now' onClick={props.onTap ?? (() => void openPage(DANGER_SCREEN))}>
      我现在有危险
    </Button>
  );
}
