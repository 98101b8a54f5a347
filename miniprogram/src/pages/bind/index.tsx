import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  CHILD_DATA_CONSENT_VERSION, FIELD_LIMITS, normalizeCode, RELATION_LABELS, Relation, SHARE_QUERY_PARAM, type BindingResponse, type InviteLookupResponse, type MeResponse,
} from '@anxin/shared';
import { bindingsApi } from '../../api/bindings';
import { inviteCodesApi } from '../../api/schools';
import { ChildrenList, STATUS_LABELS } from '../../components/ChildrenList';
import { Screen, toast } from '../../components/Screen';
import { ActionError } from '../../components/ActionError';
import { useAction } from '../../components/use-action';
import { CHILD_DATA_CONSENT } from '../../content/privacy';
import { loadMe } from '../../state/session';
import {
  codeFromPageParams, codeFromScan, emptyForm, validateBindingForm, validateCode, type BindingForm, type BindingFormErrors,
} from './binding-form';
import { a11y } from '../../a11y';
import { useShareOpenReport } from '../../state/share-card';

export function BindBody(props: { me: MeResponse }) {
  const [form, setForm] = useState<BindingForm>(emptyForm());
  const [errors, setErrors] = useState<BindingFormErrors>({});
  const [lookup, setLookup] = useState<InviteLookupResponse | null>(null);
  // One action for 查找班级 and 提交绑定申请: they share the busy flag and the line under the form.
  const action = useAction();
  const [result, setResult] = useState<BindingResponse | null>(null);

  const update = (patch: Partial<BindingForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    // A field's message goes away once the user changes that field.
    const fieldOf: Record<string, keyof BindingFormErrors> = { maskedName: 'studentId', studentId: 'studentId', fullName: 'fullName', relation: 'relation', phone: 'phone', consent: 'consent', code: 'code' };
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[fieldOf[k]];
      return next;
    });
  };

  const findClass = async (rawCode = form.code) => {
    const codeError = validateCode(rawCode);
    setErrors(codeError ? { code: codeError } : {});
    action.clear();
    if (codeError) return;
    await action.run(async () => {
      try {
        const code = normalizeCode(rawCode);
        const found = await inviteCodesApi.lookup(code);
        setLookup(found);
        setForm((f) => ({ ...emptyForm(code), relation: f.relation, phone: f.phone }));
      } catch (e) {
        // A lookup that fails takes the previous class's form away; the action shows why.
        setLookup(null);
        throw e;
      }
    });
  };

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
      const code = codeFromScan(res.result);
      if (!code) {
        toast('这不是安心家校的班级邀请码');
        return;
      }
      update({ code });
      await findClass(code);
    } catch {
      // Cancelled.
    }
  };

  // Opened from a class poster (its mini-program code, or its h5 link): look the class up at once.
  const router = useRouter();
  useEffect(() => {
    const code = codeFromPageParams(router.params ?? {});
    if (!code) return;
    update({ code });
    void findClass(code);
  }, []);
  // Opened from a class invite share card (`?share=`): the opening is counted, per group (docs/SHARING.md).
  useShareOpenReport(router.params?.[SHARE_QUERY_PARAM], true);

  const submit = async () => {
    const problems = validateBindingForm(form);
    setErrors(problems);
    action.clear();
    if (Object.keys(problems).length) return;
    await action.run(async () => {
      const phone = form.phone.replace(/\s/g, '');
      const binding = await bindingsApi.create({
        inviteCode: normalizeCode(form.code),
        studentId: form.studentId!,
        studentName: form.fullName.trim(),
        relation: form.relation!,
        ...(phone ? { phone } : {}),
        // The guardian's consent to the child's data: the server records it with this version and the time.
        consentVersion: CHILD_DATA_CONSENT_VERSION,
      });
      setResult(binding);
      setLookup(null);
      setForm(emptyForm());
      await loadMe(true);
    });
  };

  return (
    <View>
      <View className='card'>
        <Text className='title'>我的孩子</Text>
        <ChildrenList students={props.me.students} />
      </View>

      {result && (
        <View className='card bind-result'>
          <Text className='ok-text'>
            {result.status === 'approved' ? `已绑定 ${result.studentName}` : `已提交，${STATUS_LABELS[result.status]}`}
          </Text>
          <Text className='muted'>{result.className}</Text>
        </View>
      )}

      <View className='card'>
        <Text className='title'>绑定孩子</Text>
        <View className='field'>
          <Text className='label'>班级邀请码</Text>
          <Input
            className='input code-input'
            value={form.code}
            placeholder='例如 DEMO3A01'
            maxlength={FIELD_LIMITS.inviteCodeTypedMax}
            onInput={(e) => update({ code: e.detail.value })}
            onConfirm={() => void findClass()}
          />
          {errors.code && <Text className='field-error'>{errors.code}</Text>}
          <View className='btn-row'>
            <Button className='btn primary' disabled={action.busy || undefined} onClick={() => void findClass()}>查找班级</Button>
            {process.env.TARO_ENV === 'weapp' && <Button className='btn' onClick={() => void scan()}>扫码</Button>}
          </View>
        </View>

        {lookup && (
          <View className='lookup'>
            <Text className='subtitle'>{lookup.schoolName} {lookup.className}</Text>
            <View className='field'>
              <Text className='label'>选择您的孩子</Text>
              <View className='choice-list'>
                {lookup.students.map((s) => (
                  <View
                    key={s.id}
                    {...a11y({ role: 'button' })}
                    className={`choice student-choice${form.studentId === s.id ? ' selected' : ''}`}
                    onClick={() => update({ studentId: s.id, maskedName: s.maskedName })}
                  >
                    {s.maskedName}
                  </View>
                ))}
              </View>
              {errors.studentId && <Text className='field-error'>{errors.studentId}</Text>}
            </View>

            <View className='field'>
              <Text className='label'>孩子的完整姓名</Text>
              <Input
                className='input name-input'
                value={form.fullName}
                placeholder='请输入孩子的完整姓名'
                maxlength={FIELD_LIMITS.personNameMax}
                onInput={(e) => update({ fullName: e.detail.value })}
              />
              {errors.fullName && <Text className='field-error'>{errors.fullName}</Text>}
            </View>

            <View className='field'>
              <Text className='label'>您是孩子的</Text>
              <View className='choice-list'>
                {(Object.values(Relation) as Relation[]).map((r) => (
                  <View
                    key={r}
                    {...a11y({ role: 'button' })}
                    className={`choice relation-choice${form.relation === r ? ' selected' : ''}`}
                    onClick={() => update({ relation: r })}
                  >
                    {RELATION_LABELS[r]}
                  </View>
                ))}
              </View>
              {errors.relation && <Text className='field-error'>{errors.relation}</Text>}
            </View>

            <View className='field'>
              <Text className='label'>手机号（选填）</Text>
              <Input
                className='input phone-input'
                type='number'
                value={form.phone}
                placeholder='与学校登记的一致时可直接绑定'
                maxlength={FIELD_LIMITS.mobileDigits}
                onInput={(e) => update({ phone: e.detail.value })}
              />
              {errors.phone && <Text className='field-error'>{errors.phone}</Text>}
            </View>

            <View className='check-row consent-row' {...a11y({ role: 'checkbox', checked: form.consent })} onClick={() => update({ consent: !form.consent })}>
              <View className={`check-box${form.consent ? ' checked' : ''}`}>{form.consent ? '✓' : ''}</View>
              <Text className='p'>{CHILD_DATA_CONSENT.text}</Text>
            </View>
            {errors.consent && <Text className='field-error'>{errors.consent}</Text>}

            <Button className='btn primary submit-binding' disabled={action.busy || undefined} onClick={() => void submit()}>提交绑定申请</Button>
          </View>
        )}
        <ActionError error={action.error} />
      </View>
    </View>
  );
}

export default function BindPage() {
  return <Screen>{(me) => <BindBody me={me} />}</Screen>;
}
