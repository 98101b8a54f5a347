import { PLEDGE_STUDENT_FROM_GRADE_DEFAULT, type PledgeTemplateResponse } from '@anxin/shared';

/**
 * The default text of the annual pledge (防范校园欺凌承诺书), offered when a school opens one: what the school
 * promises, what the guardian undertakes (监护责任, teaching respect, watching for signs, reporting), the child's
 * promises in words a nine-year-old understands, and a shorter child's part for grades 1–3. Plain paragraphs
 * separated by blank lines; the school edits it before publishing.
 */
const SCHOOL = [
  '为了让每一名学生都能在安全、友善、互相尊重的环境中学习和成长，学校郑重承诺：',
  '一、坚决反对任何形式的学生欺凌，包括打骂、推搡、起侮辱性外号、孤立排挤、抢拿财物、在网上散布谣言或图片等行为。',
  '二、设立欺凌防治负责人，公布联系方式；开通“倾诉信箱”，学生和家长可以不留姓名反映情况。',
  '三、接到反映后及时受理、认真调查，保护反映情况的学生和家长，不泄露其身份；处理过程和结果依规告知相关家长。',
  '四、每学期开展防欺凌教育，教师在课间、上下学等时段加强巡查，发现苗头及时干预。',
  '五、对被欺凌的学生给予保护和心理支持，对实施欺凌的学生进行教育和引导，帮助双方回到正常的学习生活。',
].join('\n\n');

const GUARDIAN = [
  '作为孩子的监护人，我已阅读学校的承诺，并承诺：',
  '一、依法履行监护责任，关心孩子的身心健康，不打骂、不体罚孩子，为孩子做出尊重他人的榜样。',
  '二、教育孩子尊重同学、友善相处，不欺负、不嘲笑、不孤立他人，懂得“开玩笑”也要有分寸。',
  '三、留意孩子的异常变化：不愿上学、情绪低落、睡不好，物品经常损坏或丢失，身上有说不清来历的伤痕等，发现后耐心询问，不责备孩子。',
  '四、发现孩子遭受或实施欺凌，或知道其他孩子遇到欺凌，及时通过本小程序的“倾诉信箱”或向学校指定的欺凌防治负责人、班主任反映，不私下报复，不在网上传播相关图片和视频。',
  '五、配合学校的调查和教育，和学校一起帮助孩子。',
].join('\n\n');

const STUDENT = [
  '作为学校的一名学生，我承诺：',
  '一、我会友好地对待每一位同学，不打人、不骂人，不给同学起难听的外号。',
  '二、我不拿、不弄坏别人的东西；我不故意不跟别人玩，也不叫别人不跟某个同学玩。',
  '三、如果有人欺负我，我会大声说“不”，走开，并马上告诉老师和爸爸妈妈。这不是“告状”，是保护自己。',
  '四、如果我看到别的同学被欺负，我不跟着起哄，会告诉老师，或者在“倾诉信箱”里说出来。',
  '五、我做错了事，会勇敢承认并道歉。',
].join('\n\n');

const STUDENT_YOUNG = [
  '我承诺：',
  '我和同学好好相处，不打人，不骂人。',
  '有人欺负我，我会马上告诉老师和爸爸妈妈。',
  '看到同学被欺负，我也会告诉老师。',
].join('\n\n');

export const DEFAULT_PLEDGE_TEMPLATE: PledgeTemplateResponse = {
  text: { school: SCHOOL, guardian: GUARDIAN, student: STUDENT, studentYoung: STUDENT_YOUNG },
  studentFromGrade: PLEDGE_STUDENT_FROM_GRADE_DEFAULT,
};
