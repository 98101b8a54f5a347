import { SignatureZipNames, zipNamePart } from './signature-zip-names';

describe('signature zip names', () => {
  it('names each file <class>/<child>-<relation>.png', () => {
    expect(new SignatureZipNames().take('三年级1班', '王小明', '母亲')).toBe('三年级1班/王小明-母亲.png');
  });

  it('makes every part a safe file name: no path, no reserved or control characters, no leading dots', () => {
    expect(zipNamePart('../../etc/passwd', 'x')).toBe('_.._etc_passwd');
    expect(zipNamePart('a\\b:c*d?e"f<g>h|i', 'x')).toBe('a_b_c_d_e_f_g_h_i');
    expect(zipNamePart('王\u202e小明\u0000', 'x')).toBe('王_小明_');
    expect(zipNamePart('  ..隐藏  ', 'x')).toBe('隐藏');
    expect(zipNamePart('CON', 'x')).toBe('_CON');
    expect(zipNamePart('   ', '学生')).toBe('学生');
    expect(zipNamePart('///', '学生')).toBe('学生');
    expect([...zipNamePart('长'.repeat(100), 'x')]).toHaveLength(40);
  });

  it('keeps names unique within the archive, ignoring case', () => {
    const names = new SignatureZipNames();
    expect(names.take('三年级1班', '王小明', '其他亲属')).toBe('三年级1班/王小明-其他亲属.png');
    expect(names.take('三年级1班', '王小明', '其他亲属')).toBe('三年级1班/王小明-其他亲属-2.png');
    expect(names.take('三年级1班', '王小明', '其他亲属')).toBe('三年级1班/王小明-其他亲属-3.png');
    expect(names.take('三年级2班', '王小明', '其他亲属')).toBe('三年级2班/王小明-其他亲属.png');
    expect(names.take('Class A', 'Tom', 'mother')).toBe('Class A/Tom-mother.png');
    expect(names.take('class a', 'TOM', 'Mother')).toBe('class a/TOM-Mother-2.png');
    // a child whose name is a path cannot climb out of its class folder
    expect(names.take('三年级1班', '../x', '父亲')).toBe('三年级1班/_x-父亲.png');
  });
});
