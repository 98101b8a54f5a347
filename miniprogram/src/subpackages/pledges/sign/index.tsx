import { useReducer, useRef, useState } from 'react';
import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  ErrorCode, GuardianPledgeStatus,
  type GuardianPledgeDetail, type MeResponse, type SignPledgeResponse,
} from '@anxin/shared';
import { ApiError, NETWORK_ERROR, errorText } from '../../../api/client';
import { pledgesApi } from '../../../api/pledges';
import { HashText, PledgeTextView } from '../../../components/PledgeTextView';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { SignaturePad, type SignaturePadHandle } from '../../../components/SignaturePad';
import { a11y } from '../../../a11y';
import { CHILD_DATA_CONSENT } from '../../../content/privacy';
import { ROUTES, openPage } from '../../../routes';
import { refreshGuardianPledges } from '../../../state/guardian-pledges';
import { copyPath, pledgeTitle } from '../pledge-labels';
import { PledgeDiffView, diffSummary } from './pledge-diff';
import { useReadToEnd } from './reading-gate';
import { attemptFor, signFlow, startFlow, stepTitle, submitBlocker, type SignAttempt, type SignBody } from './sign-flow';
import '../pledges.css';

export const TEXT_END_ID = 'pledge-text-end';
const png = (base64: string) => `data:image/png;base64,${base64}`;

/** A pad and its 下一步: hands the trimmed PNG on, or says why it cannot. */
function PadStep(props: { canvasId: string; label: string; next: string; onSigned: (png: string) => void; back?: { text: string; onTap: () => void } }) {
  const pad = useRef<SignaturePadHandle>(null);
  const [inked, setInked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = async () => {
    setError(null);
    if (!pad.current?.hasInk()) return setError('请先在框内签名');
    try {
      props.onSigned((await pad.current.toPng()).base64);
    } catch (e) {
      setError(e instanceof Error ? e.message : '签名无法保存，请清除后重新签名');
    }
  };
  return (
    <View className='field'>
      <Text className='label'>{props.label}</Text>
      <SignaturePad ref={pad} canvasId={props.canvasId} onInk={setInked} />
      {error && <Text className='error-text'>{error}</Text>}
      <View className='btn-row'>
        {props.back && <Button className='btn' onClick={props.back.onTap}>{props.back.text}</Button>}
        <Button className='btn primary pad-next' disabled={!inked || undefined} onClick={() => void next()}>{props.next}</Button>
      </View>
    </View>
  );
}

/** How a submit failure reads: a dropped connection says that the same 提交 is safe to repeat. */
function submitError(e: unknown): string {
  if (e instanceof ApiError && e.code === NETWORK_ERROR) return '网络中断，不确定是否已提交。签名还在，请再点一次「提交」：不会重复签署。';
  if (e instanceof ApiError && e.code === ErrorCode.PLEDGE_VERSION_STALE) return '学校刚刚更新了承诺书，请重新阅读后再签署。';
  if (e instanceof ApiError && e.code === ErrorCode.CONSENT_REQUIRED) return '请先勾选同意处理孩子的信息，再提交。';
  return errorText(e);
}

/**
 * Signing the year's pledge for one child: the text (with what changed, when signing again), the guardian's pad that
 * opens only once the text was scrolled to its end, the child's pad on a fresh canvas when the child's grade signs
 * too, a summary with both signatures, the version and its fingerprint, the child-data consent when it is still
 * needed, and 提交 with one idempotency key per attempt (a double tap or a retry after a dropped connection sends the
 * same key, so the server keeps one signature).
 */
export function PledgeSignBody(props: { pledgeId: string; studentId: string }) {
  const [d, setD] = useState<GuardianPledgeDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [flow, dispatch] = useReducer(signFlow, startFlow(false));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [signed, setSigned] = useState<SignPledgeResponse | null>(null);
  const [showText, setShowText] = useState(false);
  /** The server asked for the child-data consent although the page did not know it was needed: its version. */
  const [consentAsked, setConsentAsked] = useState<string | null>(null);
  const attempt = useRef<SignAttempt | null>(null);
  const sending = useRef(false);

  const load = async () => {
    try {
      const next = await pledgesApi.open(props.pledgeId, props.studentId);
      setD(next);
      setLoadError(null);
      setStale(false);
      setError(null);
      dispatch({ type: 'start', studentPartRequired: next.studentPartRequired });
    } catch (e) {
      setLoadError(errorText(e));
    }
  };
  // Loaded once: coming back to the page (from the signed copy) must not wipe a signature in progress.
  useOnShow(() => {
    if (!d) void load();
  });

  const toSign = !!d && d.status !== GuardianPledgeStatus.SIGNED && !signed;
  useReadToEnd(TEXT_END_ID, toSign && flow.step === 'guardian' && !flow.readToEnd, () => dispatch({ type: 'readToEnd' }));

  if (loadError && !d) {
    return (
      <View className='card'>
        <Text className='error-text'>{loadError}</Text>
        <Button className='btn' onClick={() => void load()}>重试</Button>
      </View>
    );
  }
  if (!d) return <Text className='muted center'>加载中…</Text>;

  const toTop = () => {
    try {
      void Promise.resolve(Taro.pageScrollTo?.({ scrollTop: 0, duration: 0 })).catch(() => undefined);
    } catch {
      // Not every build scrolls on request; the step is shown either way.
    }
  };
  const step = (action: Parameters<typeof dispatch>[0]) => {
    setError(null);
    dispatch(action);
    toTop();
  };
  const consentNeeded = d.childConsentNeeded || !!consentAsked;
  const consentVersion = consentAsked ?? d.childConsentVersion;
  const consentOutdated = consentNeeded && consentVersion !== CHILD_DATA_CONSENT.version;

  const submit = async () => {
    if (sending.current) return;
    const blocker = submitBlocker(flow, consentNeeded);
    if (blocker) return setError(blocker);
    if (consentOutdated) return setError('孩子信息的同意书已更新，请先更新微信后再签署。');
    const body: SignBody = {
      studentId: props.studentId,
      versionNumber: d.versionNumber,
      guardianSignature: flow.guardianPng!,
      ...(flow.studentPartRequired && flow.studentPng ? { studentSignature: flow.studentPng } : {}),
      ...(consentNeeded ? { childConsentVersion: consentVersion } : {}),
    };
    attempt.current = attemptFor(attempt.current, body);
    sending.current = true;
    setBusy(true);
    setError(null);
    try {
      const res = await pledgesApi.sign(props.pledgeId, { ...body, clientKey: attempt.current.clientKey });
      setSigned(res);
      dispatch({ type: 'submitted' });
      toast('已签署，谢谢您', 'success');
      toTop();
      void refreshGuardianPledges();
    } catch (e) {
      setError(submitError(e));
      if (e instanceof ApiError && e.code === ErrorCode.PLEDGE_VERSION_STALE) setStale(true);
      if (e instanceof ApiError && e.code === ErrorCode.CONSENT_REQUIRED) {
        setConsentAsked((e.details as { consentVersion?: string } | undefined)?.consentVersion ?? CHILD_DATA_CONSENT.version);
      }
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const head = (
    <View className='card pledge-head'>
      <Text className='title'>{pledgeTitle(d.schoolYear)}</Text>
      <Text className='muted'>{d.schoolName} · 第 {d.versionNumber} 版</Text>
      <Text className='p pledge-child'>关于：{d.student.name}（{d.student.className}）</Text>
      {toSign && <Text className='muted'>请在 {d.deadline} 前签署</Text>}
    </View>
  );

  // Signed already (this visit or before): the copy is one tap away.
  const signatureId = signed?.id ?? (d.status === GuardianPledgeStatus.SIGNED ? d.signatureId : undefined);
  if (!toSign) {
    return (
      <View>
        {head}
        <View className='card done-card'>
          <Text className='ok-text done-line'>✓ 已签署（{signed?.signedOn ?? d.signedOn ?? ''}）</Text>
          <Text className='muted'>第 {signed?.versionNumber ?? d.versionNumber} 版</Text>
          <HashText hash={signed?.textHash ?? d.textHash} />
          <Text className='p'>学校会看到您已签署。签署副本可以随时查看，并保存为图片或 PDF。</Text>
          {signatureId && (
            <Button className='btn primary' onClick={() => void openPage(copyPath(props.pledgeId, signatureId))}>查看签署副本</Button>
          )}
          <Button className='btn' onClick={() => void openPage(ROUTES.home)}>返回首页</Button>
        </View>
      </View>
    );
  }

  const where = stepTitle(flow);
  const resign = d.status === GuardianPledgeStatus.RESIGN;
  return (
    <View>
      {head}
      <Text className='step-line' {...a11y({ label: `第 ${where.n} 步，共 ${where.of} 步：${where.title}` })}>
        第 {where.n} / {where.of} 步：{where.title}
      </Text>

      {flow.step === 'guardian' && (
        <View>
          {resign && d.changes && (
            <View className='card resign-card'>
              <Text className='subtitle'>承诺书已更新，请重新签署</Text>
              <Text className='p'>您签署的是第 {d.signedVersionNumber ?? '?'} 版，现在是第 {d.versionNumber} 版（{diffSummary(d.changes)}）。</Text>
              {d.changeNote && <Text className='p change-note'>学校的说明：{d.changeNote}</Text>}
              <PledgeDiffView changes={d.changes} />
            </View>
          )}
          <View className='card'>
            <PledgeTextView text={d.text} />
            {!d.studentPartRequired && <Text className='muted'>孩子所在年级无需学生签名，请您与孩子一起阅读学生承诺。</Text>}
            <View id={TEXT_END_ID} className='text-end'>
              <Text className='muted center'>— 全文完 —</Text>
            </View>
          </View>
          <View className='card sign-card'>
            {!flow.readToEnd ? (
              <View className='sign-locked' {...a11y({ label: '请阅读至末尾后签字' })}>
                <Text className='subtitle'>请阅读至末尾后签字</Text>
                <Text className='muted'>向上滑动，读完承诺书全文后，这里会出现签名框。</Text>
              </View>
            ) : (
              <PadStep
                canvasId='pledge-guardian-signature'
                label='家长签名：请用手指（电脑上用鼠标）在框内签名'
                next={d.studentPartRequired ? '下一步：请孩子签名' : '下一步：核对'}
                onSigned={(p) => step({ type: 'guardianSigned', png: p })}
              />
            )}
          </View>
        </View>
      )}

      {flow.step === 'student' && (
        <View className='card sign-card'>
          <Text className='subtitle'>请孩子签名</Text>
          <Text className='p'>请把手机交给{d.student.name}，读一读下面的学生承诺，然后在框内写下自己的名字。</Text>
          <View className='student-part'>
            <PledgeTextView text={d.text} parts={['student']} />
          </View>
          <PadStep
            canvasId='pledge-student-signature'
            label='学生签名'
            next='下一步：核对'
            onSigned={(p) => step({ type: 'studentSigned', png: p })}
            back={{ text: '上一步：重新家长签名', onTap: () => step({ type: 'back' }) }}
          />
        </View>
      )}

      {flow.step === 'summary' && (
        <View className='card summary-card'>
          <Text className='subtitle'>请核对后提交</Text>
          <View className='summary-row'><Text className='label'>孩子</Text><Text>{d.student.name}（{d.student.className}）</Text></View>
          <View className='summary-row'><Text className='label'>承诺书版本</Text><Text>{d.schoolYear} 学年 · 第 {d.versionNumber} 版</Text></View>
          <HashText hash={d.textHash} />
          <View className='summary-sig'>
            <Text className='label'>家长签名</Text>
            <Image className='signature-preview' src={png(flow.guardianPng!)} mode='aspectFit' />
          </View>
          {flow.studentPartRequired && flow.studentPng && (
            <View className='summary-sig'>
              <Text className='label'>学生签名</Text>
              <Image className='signature-preview' src={png(flow.studentPng)} mode='aspectFit' />
            </View>
          )}
          <Button className='btn small text-toggle' onClick={() => setShowText(!showText)}>{showText ? '收起承诺书全文' : '查看承诺书全文'}</Button>
          {showText && <PledgeTextView text={d.text} />}
          {consentNeeded && (
            <View
              className='check-row consent-row'
              {...a11y({ role: 'checkbox', checked: flow.consent })}
              onClick={() => !busy && dispatch({ type: 'consent', on: !flow.consent })}
            >
              <View className={`check-box${flow.consent ? ' checked' : ''}`}>{flow.consent ? '✓' : ''}</View>
              <Text className='p'>{CHILD_DATA_CONSENT.text}</Text>
            </View>
          )}
          {error && <Text className='error-text submit-error'>{error}</Text>}
          {stale ? (
            <Button className='btn primary' onClick={() => void load()}>重新阅读最新版本</Button>
          ) : (
            <View className='btn-row'>
              <Button className='btn' disabled={busy || undefined} onClick={() => step({ type: 'restart' })}>重新签名</Button>
              <Button className='btn primary submit-pledge' disabled={busy || undefined} onClick={() => void submit()}>{busy ? '正在提交…' : '提交'}</Button>
            </View>
          )}
        </View>
      )}
    </View>
  );
}

export default function PledgeSignPage() {
  const params = useRouter().params ?? {};
  return <Screen>{(_me: MeResponse) => <PledgeSignBody pledgeId={params.id ?? ''} studentId={params.studentId ?? ''} />}</Screen>;
}
