import { Injectable } from '@nestjs/common';
import {
  semesterAt, type NoticeBlock, type NoticeSemester, type NoticeSpan, type NoticeTemplate, type NoticeTemplateListResponse,
} from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';

/**
 * The templates a school starts a notice from (从模板开始): a letter home for each semester and an anti-bullying
 * warning, written for this project. The composer copies one into a new draft that the author edits before
 * publishing (the school's own details, the event in general terms); nothing here is ever sent as it stands.
 * A warning names no child, no class and no detail that would identify one, and does not say whether anyone
 * reported (the composer's warning hint); notice-templates.spec.ts checks every template against the body schema and
 * for names of children.
 */

const p = (...spans: (string | NoticeSpan)[]): NoticeBlock => ({ type: 'paragraph', spans: spans.map((s) => (typeof s === 'string' ? { text: s } : s)) });
const h = (text: string): NoticeBlock => ({ type: 'heading', text });
const item = (...spans: (string | NoticeSpan)[]): NoticeSpan[] => spans.map((s) => (typeof s === 'string' ? { text: s } : s));
const bold = (text: string): NoticeSpan => ({ text, bold: true });
const HOME: NoticeSpan = { text: '首页', link: 'pages/index/index' };
const TIP_BOX: NoticeSpan = { text: '倾诉信箱', link: 'pages/tips/index' };

/** How a guardian tells the school: the class teacher or the designated contact, the tip box, 12355, 110. */
const HOW_TO_REPORT: NoticeBlock[] = [
  h('发现问题，怎样告诉学校'),
  {
    type: 'numbered',
    items: [
      item('直接联系班主任，或学校的欺凌防治负责人（联系方式可以在本小程序的', HOME, '查到）；'),
      item('在本小程序的', TIP_BOX, '里反映情况，可以不留姓名，学校会在规定时间内回应，并保护好反映情况的孩子和家长；'),
      item('需要心理疏导或法律帮助，可以拨打全国青少年服务台 ', bold('12355'), '；遇到紧急危险，请立即拨打 ', bold('110'), '。'),
    ],
  },
];

type TemplateSource = Omit<NoticeTemplate, 'current'>;

export const NOTICE_TEMPLATES: readonly TemplateSource[] = [
  {
    id: 'letter-autumn',
    name: '秋季学期致家长的一封信',
    description: '开学初发给全校家长：孩子的适应、家长的监护责任、欺凌的信号和反映渠道，请家长签字确认。',
    kind: 'letter',
    semester: 'autumn',
    title: '致家长的一封信：新学期，携手守护孩子平安成长',
    confirmMode: 'sign',
    question: null,
    body: {
      version: 1,
      blocks: [
        p('尊敬的家长：'),
        p('您好！新学年开始了，孩子们回到校园，认识新同学，适应新班级、新老师。感谢您一直以来对学校工作的理解和支持。为了让每个孩子都能在安全、友善的环境里学习和成长，我们写这封信，想和您一起做好预防校园欺凌的工作。'),
        h('孩子在学校的情况'),
        p('开学头几周，孩子要适应新的作息和新的集体，情绪有些起伏是正常的。班主任和各科老师会留意每个孩子的状态，发现需要关心的地方会主动和您联系；您也可以随时找班主任，了解孩子在学校的表现。'),
        h('家长的监护责任'),
        p('家长是孩子的第一任老师，也是孩子的监护人。请您：'),
        {
          type: 'bulleted',
          items: [
            item('每天留出一点时间，听孩子说说学校里的事，多倾听，少评判；'),
            item('教育孩子尊重他人：', bold('不给同学起侮辱性的绰号，不推搡打人，不孤立、排挤同学，不在网上辱骂、嘲笑别人'), '；'),
            item('告诉孩子：被欺负不是他的错，要第一时间告诉老师和家长；遇到危险，先保护好自己；'),
            item('关心孩子用手机、上网的情况，知道他们在网上和谁来往。'),
          ],
        },
        h('请留意这些信号'),
        p('孩子出现下面这些情况时，可能在学校遇到了难处。请耐心地问一问，不要急着批评：'),
        {
          type: 'bulleted',
          items: [
            item('不想上学，常说头疼、肚子疼；'),
            item('衣服、书本、文具无故损坏或丢失，身上有说不清来由的伤痕；'),
            item('零花钱突然不够用，或向家里要钱的次数变多；'),
            item('情绪低落、容易发脾气，睡不好，成绩明显下滑；'),
            item('不愿意谈学校和同学，看完手机后情绪反常。'),
          ],
        },
        ...HOW_TO_REPORT,
        p('学校对校园欺凌零容忍。每一次反映，学校都会认真核实、依规处理。让我们携起手来，守护孩子平安、快乐地成长。'),
        p('请您读完后在下方签字确认。谢谢您！'),
      ],
    },
  },
  {
    id: 'letter-spring',
    name: '春季学期致家长的一封信',
    description: '寒假后开学时发给全校家长：收心适应、假期后的交友和上网、欺凌的信号和反映渠道，请家长签字确认。',
    kind: 'letter',
    semester: 'spring',
    title: '致家长的一封信：春季开学，请和学校一起关心孩子',
    confirmMode: 'sign',
    question: null,
    body: {
      version: 1,
      blocks: [
        p('尊敬的家长：'),
        p('您好！寒假结束，孩子们又回到了校园。过了一个假期，孩子的作息、心情和同学之间的关系都可能有些变化，需要一段时间重新适应。春季学期活动多、户外时间长，我们希望和您一起，继续为孩子营造安全、友善的成长环境。'),
        h('孩子在学校的情况'),
        p('开学后，老师会帮助孩子尽快收心，恢复规律的学习生活，也会特别留意假期里情绪或交友有变化的孩子。您在家里发现孩子有什么变化，都欢迎告诉班主任，我们一起想办法。'),
        h('家长的监护责任'),
        {
          type: 'bulleted',
          items: [
            item('帮孩子把作息调整回来，保证睡眠，合理安排用手机、上网的时间；'),
            item('和孩子聊聊假期里在网上认识的朋友，提醒他们', bold('不转发、不参与嘲笑或攻击别人的内容'), '；'),
            item('教孩子友善待人：和同学闹了矛盾，好好说，或者找老师，不用拳头和难听的话解决问题；'),
            item('告诉孩子：不管遇到什么事，家里永远是可以说实话的地方。'),
          ],
        },
        h('请留意这些信号'),
        p('孩子出现下面这些情况时，可能在学校遇到了难处。请耐心地问一问，不要急着批评：'),
        {
          type: 'bulleted',
          items: [
            item('开学后迟迟不愿去学校，找各种理由请假；'),
            item('东西经常丢失、损坏，或身上有说不清来由的伤痕；'),
            item('突然要更多的钱，或偷偷拿家里的钱物；'),
            item('变得沉默、胆小、易怒，夜里做噩梦；'),
            item('在聊天群里被冷落、被踢出群后，情绪明显低落。'),
          ],
        },
        ...HOW_TO_REPORT,
        p('学校对校园欺凌零容忍。每一次反映，学校都会认真核实、依规处理。新的学期，让我们继续携手，陪孩子平安、快乐地成长。'),
        p('请您读完后在下方签字确认。谢谢您！'),
      ],
    },
  },
  {
    id: 'warning-bullying',
    name: '欺凌警示（紧急预警）',
    description: '学校发现欺凌行为后提醒全体家长：只写发生了什么、家长要做什么，不写任何学生的姓名、班级或能认出孩子的细节。',
    kind: 'warning',
    semester: null,
    title: '紧急提醒：请关心孩子在学校的安全和情绪',
    confirmMode: 'confirm',
    question: null,
    body: {
      version: 1,
      blocks: [
        p('各位家长：'),
        p('近期，学校发现个别学生之间有欺凌行为，例如起侮辱性的绰号、推搡、孤立同学。学校已经介入，正在依规处理，并为相关学生提供帮助和保护。为了保护每一个孩子，',
          bold('请不要打听、猜测涉及的学生，也不要在家长群里转发相关的说法'), '。'),
        h('请您这几天做这些事'),
        {
          type: 'numbered',
          items: [
            item('找一个安静的时间和孩子聊聊，问问他在学校过得怎么样，有没有被欺负，或看到别人被欺负；'),
            item('告诉孩子：看到有人被欺负，马上告诉老师，这是在帮助同学，不是“告状”；'),
            item('提醒孩子不参与、不围观、不拍摄、不转发欺负别人的内容；'),
            item('留意孩子有没有不愿上学、情绪低落、东西损坏或身上有伤等情况。'),
          ],
        },
        h('怎样告诉学校'),
        {
          type: 'bulleted',
          items: [
            item('联系班主任或学校的欺凌防治负责人（联系方式见本小程序的', HOME, '）；'),
            item('在本小程序的', TIP_BOX, '里反映，可以不留姓名；'),
            item('心理疏导和法律帮助：全国青少年服务台 ', bold('12355'), '；遇到紧急危险请立即拨打 ', bold('110'), '。'),
          ],
        },
        p('学校会持续关注，需要家长配合的事会再通知您。请您读完后点击“确认收到”。'),
      ],
    },
  },
];

/**
 * The semester `now` is in, by the default school-year calendar (the list is the same for every school, so no
 * district's own dates): the first term is the autumn semester, the second the spring one.
 */
export function semesterNow(now: Date): NoticeSemester {
  return semesterAt([], now).term === 1 ? 'autumn' : 'spring';
}

/** The templates, the current semester's letter first, then the warning, then the other semester's letter. */
export function noticeTemplates(now: Date): NoticeTemplate[] {
  const semester = semesterNow(now);
  const rank = (t: TemplateSource) => (t.semester === semester ? 0 : t.semester === null ? 1 : 2);
  return [...NOTICE_TEMPLATES].sort((a, b) => rank(a) - rank(b)).map((t) => ({ ...t, current: t.semester === semester }));
}

/** GET /notice-templates: the same for every school (nothing of a school's is in them). */
@Injectable()
export class NoticeTemplates {
  constructor(private readonly clock: Clock) {}

  list(): NoticeTemplateListResponse {
    return { items: noticeTemplates(this.clock.now()) };
  }
}
