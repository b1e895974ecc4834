package cn.kcbx.caseservice.privacy;

import cn.kcbx.kernel.DomainException;

/** The case's personal data was erased (its data key destroyed): 410 Gone, for good. */
public class PersonalDataErasedException extends DomainException {

    public PersonalDataErasedException() {
        super("PERSONAL_DATA_ERASED", null, "该案件学生的个人信息已按规定删除，无法再查看；案件的统计信息仍然保留");
    }
}
