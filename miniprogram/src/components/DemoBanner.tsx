import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { DEMO_ROLE_LABELS, DemoRole } from '@anxin/shared';
import { storage } from '../api/storage';
import { switchDemoRole, useSession } from '../state/session';

/**
 * Demo only (the h5 build, or a demo account): switch between the demo roles through the demo login.
 * The server refuses the demo login in production, so this cannot be used against real data.
 */
export function DemoBanner() {
  const { me, loading, signInByScan } = useSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  // A demo account, or the browser before it has logged in, unless the server has no demo login (扫码登录 instead).
  if (me ? !me.isDemo : process.env.TARO_ENV !== 'h5' || signInByScan) return null;
  const current = storage.getDemoRole();
  return (
    <View className='demo-banner'>
      <View className='demo-row'>
        {/* The role is named only once its session exists: while a switch logs in, the old role's token is gone. */}
        <Text className='demo-text'>
          {me ? `演示模式 · 当前身份：${DEMO_ROLE_LABELS[current]}（${me.displayName}）`
            : loading ? `演示模式 · 正在登录：${DEMO_ROLE_LABELS[current]}…` : `演示模式 · ${DEMO_ROLE_LABELS[current]}（未登录）`}
        </Text>
        <Button className='btn small demo-toggle' onClick={() => setOpen(!open)}>{open ? '收起' : '切换身份'}</Button>
      </View>
      {open && (
        <View className='demo-roles'>
          {(Object.values(DemoRole) as DemoRole[]).map((role) => (
            <Button
              key={role}
              className={`btn small demo-role${role === current ? ' selected' : ''}`}
              disabled={busy || undefined}
              onClick={async () => {
                setBusy(true);
                try {
                  await switchDemoRole(role);
                } finally {
                  setBusy(false);
                  setOpen(false);
                }
              }}
            >
              {DEMO_ROLE_LABELS[role]}
            </Button>
          ))}
        </View>
      )}
    </View>
  );
}
