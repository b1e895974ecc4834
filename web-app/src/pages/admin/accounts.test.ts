import { describe, expect, it } from 'vitest'
import { passwordProblem, USERNAME_RULE } from './accounts'
import { countyOf } from './directory'

describe('the account form mirrors the server', () => {
  it('accepts a password of letters and digits, 10 to 64 characters, without the user name', () => {
    expect(passwordProblem('zhang.san', 'Hetang2026x')).toBeNull()
  })

  it('refuses a short one, one without digits or letters, one holding the user name, one over 72 bytes', () => {
    expect(passwordProblem('u', 'abc123')).not.toBeNull()
    expect(passwordProblem('u', 'abcdefghijkl')).not.toBeNull()
    expect(passwordProblem('u', '123456789012')).not.toBeNull()
    expect(passwordProblem('zhangsan', 'zhangsan2026')).not.toBeNull()
    expect(passwordProblem('u', '密码' .repeat(12) + '1')).not.toBeNull()
  })

  it('knows the user name shape', () => {
    expect(USERNAME_RULE.test('qx.cun.439921100201')).toBe(true)
    expect(USERNAME_RULE.test('张三')).toBe(false)
  })

  it('finds the county of a division code, none of a school code', () => {
    expect(countyOf('439921100201')).toBe('439921')
    expect(countyOf('439921')).toBe('439921')
    expect(countyOf('2199211000')).toBeNull()
  })
})
