import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import {
  countText, currentDeadline, deadlineText, formatDateTime, Permission, SchoolRole, type SchoolResponse, TEST_TIP_SOURCE, TIP_CATEGORY_LABELS, TIP_SOURCE_LABELS, TIP_STATUS_LABELS, type MeResponse, type TipCategory, type TipListItem,
  type TipListQuery, type TipListResponse, type TipStatsResponse, type TipStatus,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { tipsApi } from '../../../api/tips';
import { openSpreadsheet } from '../../../api/save-file';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { ROUTES, openPage } from '../../../routes';
import { hasPermission } from '../../../state/session';
import { ESCALATION_LABELS } from '../tip-staff';
import { a11y } from '../../../a11y';
import { FloodGroups } from './flood-groups';
import '../staff-tips.css';

const PAGE_SIZE = 30;

function Chip(props: { on: boolean; label: string; onTap: () => void }) {
  return (
    <View className={`choice filter-chip${props.on ? ' selected' : ''}`} {...a11y({ role: 'button', checked: props.on })} onClick={props.onTap}>
      <Text>{props.label}</Text>
    </View>
  );
}

export function TipRow(props: { tip: TipListItem; now: Date; onOpen: () => void }) {
  const { tip, now } = props;
  const deadline = currentDeadline(tip);
  const left = deadline ? deadlineText(deadline.due, now) : null;
  return (
    <View className={`row tip-row${tip.urgent ? ' urgent' : ''}`} {...a11y({ role: 'button' })} onClick={props.onOpen}>
      <View className='row-main'>
        <View className='tag-line'>
          {tip.isTest && <Text className='tag test'>测试</Text>}
          <Text className={`tag status status-${tip.status}`}>{TIP_STATUS_LABELS[tip.status]}</Text>
          {tip.inDanger && <Text className='tag alarm'>有危险</Text>}
          {!tip.inDanger && tip.ongoing && <Text className='tag alarm'>仍在发生</Text>}
          {tip.overdue && <Text className='tag alarm'>已超期</Text>}
          {tip.contentFlag && <Text className='tag flag'>内容需关注</Text>}
          {tip.escalationLevel !== 'none' && <Text className='tag flag'>{ESCALATION_LABELS[tip.escalationLevel]}</Text>}
        </View>
        <Text className='subtitle'>{tip.isTest ? TEST_TIP_SOURCE : `${TIP_CATEGORY_LABELS[tip.category]} · ${TIP_SOURCE_LABELS[tip.source]}`}</Text>
        <Text className='muted'>提交于 {formatDateTime(tip.submittedAt)}{tip.assignee ? ` · 经办：${tip.assignee.name}` : ''}</Text>
        {deadline && left && (
          <Text className={left.late ? 'field-error deadline' : 'muted deadline'}>{deadline.label}：{left.text}</Text>
        )}
        {tip.labels.length > 0 && <Text className='muted'>标签：{tip.labels.join('、')}</Text>}
      </View>
      <Text>›</Text>
    </View>
  );
}

const decode = (s: string | undefined) => {
  try {
    return s ? decodeURIComponent(s) : '';
  } catch {
    return s ?? '';
  }
};

/**
 * 倾诉信箱 (staff): the tips this person may see, in the server's order (most urgent first: in danger, overdue,
 * nearest deadline; shared/src/tip-rules.ts), with filters and the school's counts (for the roles that may see
 * counts). When the counts hold tips the list does not show, the server says why and the page shows it. A district
 * officer arrives with `?schoolId=` from their home page, or picks a school here. Opening a tip reads its content,
 * which the server records in the audit chain.
 */
export function StaffTipsBody(props: { me: MeResponse }) {
  const { me } = props;
  const params = useRouter().params ?? {};
  const schoolRole = me.roles.find((r) => r.schoolId);
  const districtRole = me.roles.find((r) => r.districtId && !r.schoolId);
  const [school, setSchool] = useState<{ id: string; name: string } | null>(
    params.schoolId ? { id: decode(params.schoolId), name: decode(params.schoolName) }
      : schoolRole?.schoolId ? { id: schoolRole.schoolId, name: schoolRole.schoolName ?? '' } : null,
  );
  const [districtSchools, setDistrictSchools] = useState<SchoolResponse[] | null>(null);
  const [exporting, setExporting] = useState(false);
  const schoolId = school?.id ?? null;
  const schoolName = school?.name ?? '';
  const isTeacher = me.roles.some((r) => r.schoolId === schoolId && r.role === SchoolRole.TEACHER);
  const canExport = hasPermission(me, Permission.TIP_EXPORT);
  const canSeeErasures = hasPermission(me, Permission.RETENTION_READ);
  const [filter, setFilter] = useState<TipListQuery>({});
  const [items, setItems] = useState<TipListItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [notShown, setNotShown] = useState<TipListResponse['notShown']>(null);
  const [stats, setStats] = useState<TipStatsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  const [more, setMore] = useState(false);
  const [moreFilters, setMoreFilters] = useState(false);

  const load = async (q: TipListQuery = filter, id: string | null = schoolId) => {
    if (!id) {
      // A district officer: first choose one of the district's schools (their escalated cases).
      if (districtRole?.districtId && !districtSchools) tipsApi.districtSchools(districtRole.districtId).then(setDistrictSchools, (e) => setError(errorText(e)));
      return;
    }
    setNow(new Date());
    try {
      const page = await tipsApi.list(id, { ...q, limit: PAGE_SIZE });
      setItems(page.items);
      setTotal(page.total);
      setNotShown(page.notShown);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
    // Teachers and committee members see their own cases, not the school's counts (403): no counts shown.
    tipsApi.stats(id).then(setStats, () => setStats(null));
  };
  useOnShow(() => void load());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);

  const applyFilter = (patch: Partial<TipListQuery>) => {
    const next = { ...filter, ...patch };
    for (const k of Object.keys(next) as (keyof TipListQuery)[]) if (next[k] === undefined) delete next[k];
    setFilter(next);
    setItems(null);
    void load(next);
  };

  const loadMore = async () => {
    if (!schoolId || !items) return;
    setMore(true);
    try {
      const page = await tipsApi.list(schoolId, { ...filter, limit: PAGE_SIZE, offset: items.length });
      setItems([...items, ...page.items]);
      setTotal(page.total);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setMore(false);
    }
  };

  const exportLedger = async () => {
    if (!school) return;
    setExporting(true);
    try {
      const path = await tipsApi.downloadLedger(school.id);
      await openSpreadsheet(path, `${school.name || '学校'}-欺凌举报台账.xlsx`);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  if (!schoolId) {
    return (
      <View className='card'>
        <Text className='title'>倾诉信箱</Text>
        {districtRole ? (
          <View>
            <Text className='p'>请选择学校，查看升级到教育局的举报：</Text>
            {error && <Text className='error-text'>{error}</Text>}
            {!districtSchools && !error && <Text className='muted'>加载中…</Text>}
            {districtSchools?.length === 0 && <Text className='muted'>本区还没有学校。</Text>}
            {districtSchools?.map((sc) => (
              <Button key={sc.id} className='btn' onClick={() => { setSchool({ id: sc.id, name: sc.name }); setItems(null); void load(filter, sc.id); }}>
                {sc.name}
              </Button>
            ))}
          </View>
        ) : (
          <Text className='p'>倾诉信箱按学校处理，您的账号没有学校身份。</Text>
        )}
      </View>
    );
  }

  return (
    <View className='staff-tips'>
      <View className='card'>
        <Text className='title'>倾诉信箱</Text>
        <Text className='muted'>{schoolName}</Text>
        {stats && (
          <View className='stats'>
            <View className='stat'><Text className='stat-n'>{countText(stats.total)}</Text><Text className='muted'>全部</Text></View>
            <View className='stat'><Text className='stat-n'>{countText(stats.unacknowledged)}</Text><Text className='muted'>待受理</Text></View>
            <View className='stat'><Text className={`stat-n${stats.overdue ? ' late' : ''}`}>{countText(stats.overdue)}</Text><Text className='muted'>超期</Text></View>
            <View className='stat'><Text className='stat-n'>{countText(stats.escalatedToPrincipal)}</Text><Text className='muted'>已升级</Text></View>
          </View>
        )}
        {canExport && (
          <Button className='btn export-ledger' disabled={exporting || undefined} onClick={() => void exportLedger()}>
            {exporting ? '正在导出…' : '导出台账（Excel）'}
          </Button>
        )}
        {canSeeErasures && schoolRole && (
          <Button className='btn small retention-upcoming' onClick={() => void openPage(ROUTES.retentionUpcoming)}>即将删除的案件内容</Button>
        )}
        {districtRole && !schoolRole && (
          <Button className='btn small' onClick={() => { setSchool(null); setItems(null); setStats(null); }}>换一所学校</Button>
        )}
        {isTeacher && (
          <Button
            className='btn primary teacher-file'
            onClick={() => void openPage(`${ROUTES.tipForm}?teacher=1&schoolId=${encodeURIComponent(schoolId)}&schoolName=${encodeURIComponent(schoolName)}`)}
          >
            教师转报（学生告诉我的欺凌）
          </Button>
        )}
      </View>

      <FloodGroups schoolId={schoolId} onChanged={() => void load()} />
      <View className='card filters'>
        <View className='choice-list'>
          <Chip on={!filter.status && !filter.category && !filter.urgent && !filter.overdue} label='全部' onTap={() => applyFilter({ status: undefined, category: undefined, urgent: undefined, overdue: undefined })} />
          <Chip on={filter.status === 'new'} label={`待受理${stats ? ` ${countText(stats.unacknowledged)}` : ''}`} onTap={() => applyFilter({ status: filter.status === 'new' ? undefined : 'new' })} />
          <Chip on={filter.urgent === true} label='紧急（有危险/仍在发生）' onTap={() => applyFilter({ urgent: filter.urgent ? undefined : true })} />
          <Chip on={filter.overdue === true} label='已超期' onTap={() => applyFilter({ overdue: filter.overdue ? undefined : true })} />
          <Chip on={moreFilters} label={moreFilters ? '收起筛选' : '按状态/类别筛选'} onTap={() => setMoreFilters(!moreFilters)} />
        </View>
        {moreFilters && (
          <View>
            <Text className='label'>状态</Text>
            <View className='choice-list'>
              {(Object.keys(TIP_STATUS_LABELS) as TipStatus[]).map((st) => (
                <Chip key={st} on={filter.status === st} label={`${TIP_STATUS_LABELS[st]}${stats ? ` ${countText(stats.byStatus[st] ?? 0)}` : ''}`} onTap={() => applyFilter({ status: filter.status === st ? undefined : st })} />
              ))}
            </View>
            <Text className='label'>类别</Text>
            <View className='choice-list'>
              {(Object.keys(TIP_CATEGORY_LABELS) as TipCategory[]).map((c) => (
                <Chip key={c} on={filter.category === c} label={`${TIP_CATEGORY_LABELS[c]}${stats ? ` ${countText(stats.byCategory[c] ?? 0)}` : ''}`} onTap={() => applyFilter({ category: filter.category === c ? undefined : c })} />
              ))}
            </View>
          </View>
        )}
      </View>

      {error && <Text className='error-text'>{error}</Text>}
      {!items && !error && <Text className='muted center'>加载中…</Text>}
      {items && (
        <View className='card'>
          <Text className='muted'>共 {total} 条</Text>
          {items.length === 0 && !notShown && <Text className='muted center empty'>没有符合条件的举报</Text>}
          {notShown && <Text className={`p not-shown${items.length === 0 ? ' empty' : ''}`}>{notShown.explanation}</Text>}
          {items.map((t) => (
            <TipRow key={t.id} tip={t} now={now} onOpen={() => void openPage(`${ROUTES.staffTipDetail}?id=${encodeURIComponent(t.id)}`)} />
          ))}
        </View>
      )}
      {items && items.length < total && (
        <Button className='btn' disabled={more || undefined} onClick={() => void loadMore()}>加载更多</Button>
      )}
    </View>
  );
}

export default function StaffTipsPage() {
  return <Screen>{(me) => <StaffTipsBody me={me} />}</Screen>;
}
