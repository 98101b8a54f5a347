import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { REPORTER_RULES } from '@anxin/shared';

const READ_KEY = 'anxin.tipRulesRead';

function alreadyRead(): boolean {
  try {
    return Taro.getStorageSync(READ_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * The tip box's rules, told once on this device before the first report (text: REPORTER_RULES in shared/): reports are
 * protected; knowingly false reports meant to hurt someone are not what the box is for. It never blocks sending: the
 * form's submit button works whether or not it was read, and the form hides it when the reporter is in danger.
 */
export function ReporterRules() {
  const [read, setRead] = useState(alreadyRead);
  if (read) return null;
  const done = () => {
    try {
      Taro.setStorageSync(READ_KEY, '1');
    } catch {
      // Storage unavailable: shown again next time, nothing else changes.
    }
    setRead(true);
  };
  return (
    <View className='card reporter-rules'>
      <Text className='subtitle'>{REPORTER_RULES.title}</Text>
      {REPORTER_RULES.points.map((p) => <Text key={p} className='p'>{p}</Text>)}
      <Button className='btn small rules-read' onClick={done}>{REPORTER_RULES.confirm}</Button>
    </View>
  );
}
