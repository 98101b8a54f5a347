import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { formatDateTime, EMERGENCY_NUMBERS, type SchoolPublicResponse } from '@anxin/shared';

export function call(phoneNumber: string) {
  void Taro.makePhoneCall({ phoneNumber }).catch(() => {
    // The user cancelled the call sheet.
  });
}

/** Under a card shown from the device's copy because the server could not be reached. */
export function OfflineNote(props: { savedAt: string }) {
  return <Text className='muted offline-note'>{`离线显示，上次更新于 ${formatDateTime(props.savedAt)}`}</Text>;
}

/**
 * 欺凌防治负责人: the school's designated anti-bullying contact, whose name and phone are public. `offlineSince`:
 * the card is the device's copy saved then (the server could not be reached just now).
 */
export function ContactCard(props: { card: Pick<SchoolPublicResponse, 'contact'>; offlineSince?: string | null }) {
  const { contact } = props.card;
  return (
    <View className='card contact-card'>
      <Text className='subtitle'>欺凌防治负责人</Text>
      {contact ? (
        <View>
          <Text className='p contact-name'>{contact.name}</Text>
          <Text className='contact-phone'>{contact.phone}</Text>
          <Button className='btn primary' onClick={() => call(contact.phone)}>拨打 {contact.phone}</Button>
        </View>
      ) : (
        <Text className='muted'>学校尚未公布负责人，请联系班主任。</Text>
      )}
      {props.offlineSince && <OfflineNote savedAt={props.offlineSince} />}
    </View>
  );
}

/** 110 and 12355, tap to call: constants of the app, shown with no network, no session and no agreement needed. */
export function EmergencyNumbers() {
  return (
    <View className='card emergency-numbers'>
      <Text className='subtitle'>紧急求助</Text>
      {EMERGENCY_NUMBERS.map((n) => (
        <Button key={n.number} className='btn danger' onClick={() => call(n.number)}>
          {n.name} {n.number}
        </Button>
      ))}
    </View>
  );
}
