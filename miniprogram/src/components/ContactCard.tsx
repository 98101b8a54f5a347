import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { SchoolPublicResponse } from '@anxin/shared';

export function call(phoneNumber: string) {
  void Taro.makePhoneCall({ phoneNumber }).catch(() => {
    // The user cancelled the call sheet.
  });
}

/** 欺凌防治负责人: the school's designated anti-bullying contact, whose name and phone are public. */
export function ContactCard(props: { card: SchoolPublicResponse }) {
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
    </View>
  );
}

export function EmergencyNumbers(props: { numbers: { name: string; number: string }[] }) {
  return (
    <View className='card'>
      <Text className='subtitle'>紧急求助</Text>
      {props.numbers.map((n) => (
        <Button key={n.number} className='btn danger' onClick={() => call(n.number)}>
          {n.name} {n.number}
        </Button>
      ))}
    </View>
  );
}
