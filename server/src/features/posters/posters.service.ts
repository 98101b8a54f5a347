import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErrorCode, Permission, type PosterTarget } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { AccessService } from '../tenancy/access.service';
import { classDisplayName } from '../tenancy/class-names';
import { GradeEntity } from '../tenancy/grade.entity';
import { InviteCodeEntity } from '../tenancy/invite-code.entity';
import { inviteCodeInvalid } from '../tenancy/invite-code.service';
import { SchoolService } from '../tenancy/school.service';
import { PosterMarks } from '../onboarding/poster-marks';
import { PosterCodeService } from './poster-code';
import { posterFonts } from './poster-font';
import { renderPosterPdf } from './poster-pdf';

/**
 * Printable A4 posters. The school's tip-box poster (school admins and principals: SCHOOL_MANAGE) prints what
 * the policy asks schools to publish on campus: the designated contact's name and phone, next to 110 / 12355 and
 * a code into the tip box. A class invite poster (the class's teachers, admins and principals: INVITE_MANAGE)
 * prints one invite code and a code into the binding page. Neither reads tip content, so neither needs tip rights.
 */
@Injectable()
export class PosterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly schools: SchoolService,
    private readonly codes: PosterCodeService,
    private readonly marks: PosterMarks,
  ) {}

  async schoolPoster(auth: AuthContext, schoolId: string, h5Origin: string): Promise<Buffer> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    // The published card is the one owner of "who is shown as the contact" (the designated contact, named).
    const card = await this.schools.publicCard(school.id);
    if (!card.contact) {
      throw new AppException(HttpStatus.CONFLICT, ErrorCode.POSTER_CONTACT_MISSING, '学校还没有指定欺凌防治负责人，请校长先在“学校设置”中指定（姓名和电话），再打印海报');
    }
    const target: PosterTarget = { kind: 'school', schoolId: school.id };
    const [code, fonts] = await Promise.all([this.codes.codeFor(target, h5Origin), posterFonts()]);
    const pdf = await renderPosterPdf({
      documentTitle: `${card.name} 倾诉信箱海报`,
      kicker: card.name,
      title: '学生欺凌 倾诉信箱',
      intro: '被欺负了，或者看到同学被欺负，都可以告诉学校。\n你说的话会直接交给学校的欺凌防治负责人。',
      code,
      codeCaption: code.kind === 'wxacode' ? '微信扫一扫，打开倾诉信箱' : '用微信或手机相机扫码，打开倾诉信箱',
      highlight: null,
      notes: ['学校看不到你是谁：举报里不记录你的微信账号、手机号、IP 地址或设备信息。你也可以选择留下姓名，方便老师找你。'],
      contact: card.contact,
      emergency: card.emergencyNumbers,
    }, fonts);
    // The set-up checklist counts the poster as printed while it shows the school's current contact.
    await this.marks.schoolPosterDownloaded(school.id, card.contact);
    return pdf;
  }

  async invitePoster(auth: AuthContext, inviteCodeId: string, h5Origin: string): Promise<Buffer> {
    const invite = await this.ds.getRepository(InviteCodeEntity).findOne({ where: { id: inviteCodeId } });
    if (!invite) throw AppException.notFound('邀请码');
    const { cls, school } = await this.access.requireClass(auth, invite.classId, Permission.INVITE_MANAGE);
    // A revoked code must not go up on a wall: nobody could use it.
    if (invite.revokedAt) throw inviteCodeInvalid();
    const grade = await this.ds.getRepository(GradeEntity).findOne({ where: { id: cls.gradeId } });
    const className = classDisplayName(grade?.name, cls.name);
    const card = await this.schools.publicCard(school.id);
    const target: PosterTarget = { kind: 'invite', code: invite.code };
    const [code, fonts] = await Promise.all([this.codes.codeFor(target, h5Origin), posterFonts()]);
    return renderPosterPdf({
      documentTitle: `${card.name} ${className} 家长绑定海报`,
      kicker: `${card.name} ${className}`,
      title: '家长绑定孩子',
      intro: '请家长扫码，在“安心家校”中绑定自己的孩子。\n孩子遇到欺凌，也可以在这里匿名告诉学校。',
      code,
      codeCaption: code.kind === 'wxacode' ? '家长用微信扫一扫' : '家长用微信或手机相机扫码',
      highlight: { label: '班级邀请码', value: invite.code },
      notes: ['扫不了码时，在“安心家校”小程序的“绑定孩子”页面输入上面的邀请码。邀请码只在本班使用，请勿转发到班级以外。'],
      contact: card.contact,
      emergency: card.emergencyNumbers,
    }, fonts);
  }
}
