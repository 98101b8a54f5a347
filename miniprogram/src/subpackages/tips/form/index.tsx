import { useEffect, useState } from 'react';
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  ErrorCode, REPORTER_ROLE_LABELS, TIP_CATEGORY_LABELS, TIP_LIMITS, TIP_PLACE_LABELS, type MeResponse, type ReporterRole,
  type TipCategory, type TipPlace,
} from '@anxin/shared';
import { ApiError, NETWORK_ERROR, errorText } from '../../../api/client';
import { tipsApi } from '../../../api/tips';
import { call } from '../../../components/ContactCard';
import { Screen, toast } from '../../../components/Screen';
import { ROUTES, openPage } from '../../../routes';
import { decodeParam, handOverReceipt, schoolQuery } from '../receipt';
import {
  clearDraft, hasContent, newDraft, openDraft, saveDraft, toSubmitRequest, validateDraft, type DraftKind, type TipDraft,
  type TipFormErrors,
} from '../tip-draft';
import { a11y } from '../../../a11y';
import { ReporterRules } from './reporter-rules';
import '../tips.css';

const WHEN_HINTS = ['刚才', '今天', '昨天', '这周', '上周', '更早以前'];
/** 教师转报: the teacher tells who told them. */
const TEACHER_ROLE_LABELS: Record<ReporterRole, string> = { victim: '被欺凌的学生本人', witness: '看到的同学', parent: '学生家长' };

function Choice<T extends string>(props: { value: T; selected: boolean; label: string; onPick: (v: T) => void }) {
  return (
    <View
      className={`choice${props.selected ? ' selected' : ''}`}
      {...a11y({ role: 'radio', checked: props.selected })}
      onClick={() => props.onPick(props.value)}
    >
      <Text>{props.label}</Text>
    </View>
  );
}

function Check(props: { checked: boolean; label: string; onToggle: () => void; className?: string }) {
  return (
    <View className={`check-row ${props.className ?? ''}`} {...a11y({ role: 'checkbox', checked: props.checked })} onClick={props.onToggle}>
      <View className={`check-box${props.checked ? ' checked' : ''}`}>{props.checked ? '✓' : ''}</View>
      <Text>{props.label}</Text>
    </View>
  );
}

function FieldError(props: { error?: string }) {
  return props.error ? <Text className='field-error'>{props.error}</Text> : null;
}

export function TipFormBody(_props: { me: MeResponse }) {
  const params = useRouter().params ?? {};
  const kind: DraftKind = params.teacher === '1' ? 'teacher' : 'reporter';
  const schoolId = decodeParam(params.schoolId);
  const schoolName = decodeParam(params.schoolName);
  const [opened] = useState(() => (schoolId ? openDraft(kind, { schoolId, schoolName, inDanger: params.inDanger === '1' }) : null));
  const [d, setD] = useState<TipDraft | null>(opened?.draft ?? null);
  const [restored, setRestored] = useState(!!opened?.restored);
  const [errors, setErrors] = useState<TipFormErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState<string | null>(null);
  // h5 thumbnails are blob: URLs, which do not outlive the page: a restored draft shows a placeholder for them.
  const [broken, setBroken] = useState<Record<string, boolean>>(() => {
    const out: Record<string, boolean> = {};
    for (const p of opened?.restored ? opened.draft.photos : []) if (p.localPath.startsWith('blob:')) out[p.attachmentId] = true;
    return out;
  });
  const [alreadyIn, setAlreadyIn] = useState<string | null>(null);

  // Every change is kept on the device at once: a dropped connection or a closed app loses nothing.
  useEffect(() => {
    if (d && hasContent(d)) saveDraft(kind, d);
  }, [d, kind]);

  if (!schoolId || !d) {
    return (
      <View className='card'>
        <Text className='p'>请先在倾诉信箱首页选择学校。</Text>
        <Button className='btn primary' onClick={() => void openPage(ROUTES.tips)}>去倾诉信箱</Button>
      </View>
    );
  }
  if (alreadyIn) {
    return (
      <View className='card'>
        <Text className='title'>学校已经收到这份举报</Text>
        <Text className='p'>{alreadyIn}</Text>
        <Button className='btn primary' onClick={() => void openPage(ROUTES.tips)}>返回倾诉信箱</Button>
      </View>
    );
  }

  const teacher = kind === 'teacher';
  const update = (patch: Partial<TipDraft>) => {
    setD((prev) => (prev ? { ...prev, ...patch } : prev));
    setErrors((prev) => {
      const next = { ...prev };
      for (const k of Object.keys(patch)) delete next[k as keyof TipFormErrors];
      return next;
    });
  };

  const addPhotos = async () => {
    const left = TIP_LIMITS.maxAttachments - d.photos.length;
    if (left <= 0) {
      toast(`最多 ${TIP_LIMITS.maxAttachments} 张照片`);
      return;
    }
    let chosen: { path: string; size: number }[];
    try {
      const res = await Taro.chooseImage({
        count: left,
        sizeType: ['compressed'],
        // h5: one file input (the browser offers the camera itself); weapp: album or camera.
        sourceType: process.env.TARO_ENV === 'h5' ? ['album'] : ['album', 'camera'],
      });
      chosen = (res.tempFiles ?? res.tempFilePaths.map((p) => ({ path: p, size: 0 }))).slice(0, left);
    } catch {
      return; // cancelled
    }
    const added: TipDraft['photos'] = [];
    for (const [i, f] of chosen.entries()) {
      if (f.size > TIP_LIMITS.attachmentMaxBytes) {
        toast('每张照片不能超过 10 MB');
        continue;
      }
      setUploading(`正在上传第 ${i + 1}/${chosen.length} 张照片…`);
      try {
        const r = await tipsApi.uploadPhoto(schoolId, f.path);
        added.push({ attachmentId: r.attachmentId, localPath: f.path });
        setD((prev) => (prev ? { ...prev, photos: [...prev.photos, { attachmentId: r.attachmentId, localPath: f.path }] } : prev));
      } catch (e) {
        toast(errorText(e));
      }
    }
    setUploading(null);
    if (added.length) setErrors((prev) => ({ ...prev, photos: undefined }));
  };

  const removePhoto = (attachmentId: string) => update({ photos: d.photos.filter((p) => p.attachmentId !== attachmentId) });

  const startOver = () => {
    clearDraft(kind);
    setD(newDraft({ schoolId, schoolName, inDanger: d.inDanger, filedByTeacher: teacher }));
    setRestored(false);
    setErrors({});
    setError(null);
  };

  const submit = async () => {
    const errs = validateDraft(d);
    setErrors(errs);
    if (Object.keys(errs).length) {
      setError('还有内容没有填好，请看红色提示');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await tipsApi.submit(toSubmitRequest(d));
      clearDraft(kind);
      handOverReceipt({ ...res, schoolId });
      await Taro.redirectTo({ url: `${ROUTES.tipReceipt}${schoolQuery({ schoolId, schoolName })}` });
    } catch (e) {
      if (e instanceof ApiError && e.code === ErrorCode.TIP_ALREADY_SUBMITTED) {
        clearDraft(kind);
        setAlreadyIn(e.message);
      } else if (e instanceof ApiError && e.code === ErrorCode.TIP_ATTACHMENT_INVALID) {
        update({ photos: [] });
        setError(`${e.message}（文字内容都还在）`);
      } else if (e instanceof ApiError && (e.code === NETWORK_ERROR || e.status >= 500)) {
        setError('网络不稳定，没有确认提交成功。你写的内容已保存在本机，请再点一次“提交”——同一份举报不会重复提交。');
      } else {
        setError(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const roleLabels = teacher ? TEACHER_ROLE_LABELS : REPORTER_ROLE_LABELS;
  const descLen = [...d.description].length;

  return (
    <View className='tip-form'>
      <View className='card'>
        <Text className='title'>{teacher ? '教师转报' : '我要倾诉/举报'}</Text>
        <Text className='p'>学校：{schoolName || '（你选择的学校）'}</Text>
        {teacher ? (
          <Text className='muted'>强制报告：学生告诉你的欺凌事件请如实转报。转报会记录你的姓名，学生不必留名。</Text>
        ) : (
          <Text className='muted anonymity-note'>匿名提交：学校看不到你是谁；微信知道你使用了本小程序。你也可以选择留下姓名。</Text>
        )}
        {restored && (
          <View className='notice'>
            <Text className='p'>已恢复你上次没有提交的内容。</Text>
            <Button className='btn small' onClick={startOver}>清空，重新填写</Button>
          </View>
        )}
      </View>

      {!teacher && !d.inDanger && <ReporterRules />}
      <View className={`card danger-toggle${d.inDanger ? ' on' : ''}`}>
        <Check checked={d.inDanger} label='现在有危险（学校会最先处理）' onToggle={() => update({ inDanger: !d.inDanger })} />
        {d.inDanger && (
          <View>
            <Text className='p'>有危险请先打电话求助：</Text>
            <View className='btn-row'>
              <Button className='btn danger' onClick={() => call('110')}>报警 110</Button>
              <Button className='btn danger' onClick={() => call('12355')}>12355</Button>
            </View>
          </View>
        )}
      </View>

      <View className='card'>
        <View className='field'>
          <Text className='label'>发生了什么事？（必选）</Text>
          <View className='choice-list'>
            {(Object.keys(TIP_CATEGORY_LABELS) as TipCategory[]).map((c) => (
              <Choice key={c} value={c} selected={d.category === c} label={TIP_CATEGORY_LABELS[c]} onPick={(v) => update({ category: v })} />
            ))}
          </View>
          <FieldError error={errors.category} />
        </View>

        <View className='field'>
          <Text className='label'>具体说说经过（必填）</Text>
          <Textarea
            className='input textarea desc-input'
            value={d.description}
            maxlength={TIP_LIMITS.descriptionMax}
            placeholder='谁对谁做了什么？说了什么？你可以慢慢写，写多少都可以。'
            autoHeight
            onInput={(e) => update({ description: e.detail.value })}
          />
          <Text className='muted counter'>{descLen}/{TIP_LIMITS.descriptionMax}</Text>
          <FieldError error={errors.description} />
        </View>

        <View className='field'>
          <Text className='label'>什么时候？（选填）</Text>
          <View className='choice-list'>
            {WHEN_HINTS.map((w) => (
              <Choice key={w} value={w} selected={d.when === w} label={w} onPick={(v) => update({ when: d.when === v ? '' : v })} />
            ))}
          </View>
          <Input
            className='input when-input'
            value={d.when}
            maxlength={TIP_LIMITS.whenMax}
            placeholder='例如：上周五放学后'
            onInput={(e) => update({ when: e.detail.value })}
          />
          <FieldError error={errors.when} />
        </View>

        <View className='field'>
          <Text className='label'>在哪里？（选填）</Text>
          <View className='choice-list'>
            {(Object.keys(TIP_PLACE_LABELS) as TipPlace[]).map((p) => (
              <Choice key={p} value={p} selected={d.place === p} label={TIP_PLACE_LABELS[p]} onPick={(v) => update({ place: d.place === v ? null : v })} />
            ))}
          </View>
          <Input
            className='input place-input'
            value={d.placeDetail}
            maxlength={TIP_LIMITS.placeDetailMax}
            placeholder='具体位置，例如：三楼东边厕所'
            onInput={(e) => update({ placeDetail: e.detail.value })}
          />
          <FieldError error={errors.placeDetail} />
        </View>

        <View className='field'>
          <Text className='label'>涉及哪些人？（选填）</Text>
          <Textarea
            className='input textarea people-input'
            value={d.peopleInvolved}
            maxlength={TIP_LIMITS.peopleMax}
            placeholder='不知道名字也没关系，可以写外貌、班级，例如：穿红衣服的高个子男生'
            autoHeight
            onInput={(e) => update({ peopleInvolved: e.detail.value })}
          />
          <FieldError error={errors.peopleInvolved} />
        </View>

        <View className='field'>
          <Text className='label'>事情还在发生吗？（必选）</Text>
          <View className='choice-list'>
            <Choice value='yes' selected={d.ongoing === true} label='还在发生' onPick={() => update({ ongoing: true })} />
            <Choice value='no' selected={d.ongoing === false} label='已经停止了' onPick={() => update({ ongoing: false })} />
          </View>
          <FieldError error={errors.ongoing} />
        </View>

        <View className='field'>
          <Text className='label'>{teacher ? '告诉你这件事的是（必选）' : '你是（必选）'}</Text>
          <View className='choice-list'>
            {(Object.keys(roleLabels) as ReporterRole[]).map((r) => (
              <Choice key={r} value={r} selected={d.reporterRole === r} label={roleLabels[r]} onPick={(v) => update({ reporterRole: v })} />
            ))}
          </View>
          <FieldError error={errors.reporterRole} />
        </View>

        <View className='field'>
          <Text className='label'>照片（选填，最多 {TIP_LIMITS.maxAttachments} 张）</Text>
          <Text className='muted'>例如聊天截图、受伤的照片。老师看到的照片会去掉拍摄地点等隐藏信息。</Text>
          <View className='photo-grid'>
            {d.photos.map((p, i) => (
              <View key={p.attachmentId} className='photo'>
                {broken[p.attachmentId] ? (
                  <View className='photo-missing'><Text>照片 {i + 1}（已上传）</Text></View>
                ) : (
                  <Image className='photo-img' src={p.localPath} mode='aspectFill' onError={() => setBroken((b) => ({ ...b, [p.attachmentId]: true }))} />
                )}
                <Button className='btn small photo-remove' onClick={() => removePhoto(p.attachmentId)}>删除</Button>
              </View>
            ))}
          </View>
          {uploading && <Text className='muted'>{uploading}</Text>}
          {d.photos.length < TIP_LIMITS.maxAttachments && (
            <Button className='btn add-photo' disabled={!!uploading || undefined} onClick={() => void addPhotos()}>添加照片</Button>
          )}
          <FieldError error={errors.photos} />
        </View>
      </View>

      {!teacher && (
        <View className='card'>
          <Check checked={d.named} label='我愿意留下姓名和联系方式（选填）' onToggle={() => update({ named: !d.named })} className='named-toggle' />
          {d.named ? (
            <View>
              <Text className='muted'>只有学校欺凌防治负责人和经办老师能看到，方便他们联系你。</Text>
              <View className='field'>
                <Text className='label'>姓名</Text>
                <Input className='input name-input' value={d.name} maxlength={TIP_LIMITS.reporterNameMax} onInput={(e) => update({ name: e.detail.value })} />
                <FieldError error={errors.name} />
              </View>
              <View className='field'>
                <Text className='label'>联系方式（电话或微信号）</Text>
                <Input className='input contact-input' value={d.contact} maxlength={TIP_LIMITS.reporterContactMax} onInput={(e) => update({ contact: e.detail.value })} />
                <FieldError error={errors.contact} />
              </View>
            </View>
          ) : (
            <Text className='muted'>不勾选就是匿名提交。</Text>
          )}
        </View>
      )}

      {error && <Text className='error-text form-error'>{error}</Text>}
      <Button className='btn primary submit-tip' disabled={busy || !!uploading || undefined} onClick={() => void submit()}>
        {busy ? '正在提交…' : teacher ? '提交转报' : '提交'}
      </Button>
      <Text className='muted center'>内容会自动保存在本机，提交成功后清除。</Text>
    </View>
  );
}

export default function TipFormPage() {
  return <Screen>{(me) => <TipFormBody me={me} />}</Screen>;
}
