package cn.kcbx.query.export;

import cn.kcbx.access.account.Account;
import cn.kcbx.access.account.AccountStore;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.query.casefile.ReadTime;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/** How every .xlsx export answers: the footer's names, the date line, and the file streamed to the response. */
@Component
public class XlsxResponses {

    public static final String CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final int MAX_SIGNATURE = 40;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** The footer's names the caller may give; the query parameters of every .xlsx export. */
    public record Signature(
            @Parameter(description = "表尾“审核人”；不填则留横线手写") String reviewer,
            @Parameter(description = "表尾“填表人”；不填则为当前账号的姓名，账号无姓名时留横线手写") String preparer,
            @Parameter(description = "表尾“联系电话”；不填则留横线手写") String phone) {
    }

    private final ObjectProvider<AccountStore> accounts;

    XlsxResponses(ObjectProvider<AccountStore> accounts) {
        this.accounts = accounts;
    }

    /**
     * The footer of an export by {@code actor} of {@code unit}'s data. 填报日期 is the day of the data's moment
     * (统计时点: today for current data, the asOf day for a past one), not the download day: the same parameters then
     * give the same file, and a past report reproduced later carries the date it was true on.
     */
    public XlsxExport.Footer footer(Actor actor, String unit, Signature signature, ReadTime at) {
        Signature given = signature == null ? new Signature(null, null, null) : signature;
        String preparer = checked(given.preparer(), "preparer", "填表人");
        if (preparer == null) {
            AccountStore store = accounts.getIfAvailable();
            preparer = store == null ? null
                    : store.find(actor.userId()).map(Account::displayName).filter(name -> !name.isBlank()).orElse(null);
        }
        return new XlsxExport.Footer(unit, checked(given.reviewer(), "reviewer", "审核人"), preparer,
                                     checked(given.phone(), "phone", "联系电话"), knowledgeDay(at));
    }

    /** The day of the moment of knowledge, in China. */
    public static LocalDate knowledgeDay(ReadTime at) {
        return LocalDate.ofInstant(at.instant(), DateRules.CHINA_ZONE);
    }

    /** The heading's date line: which day's state, as known when. */
    public static String dateLine(ReadTime at) {
        String knowledge = at.live() || at.knownNow() ? "当前（" + knowledgeDay(at) + "）"
                : LocalDateTime.ofInstant(at.instant(), DateRules.CHINA_ZONE).format(MINUTES)
                        + "（截至该时刻录入系统的记录）";
        return at.byBusinessDate()
                ? "日期：" + at.day() + "（业务日期，按各环节实际发生日期统计）；统计时点：" + knowledge
                : "日期：" + at.day() + "；统计时点：" + knowledge;
    }

    /** The .xlsx name beside its CSV twin: 三帮一劝返工作台账-430181105-2026-10-28.xlsx. */
    public static String xlsxName(String csvName) {
        return csvName.endsWith(".csv") ? csvName.substring(0, csvName.length() - 4) + ".xlsx" : csvName + ".xlsx";
    }

    /** Streams the workbook {@code body} writes to the response: nothing of the file is held in memory. */
    public void send(HttpServletResponse response, String fileName, XlsxExport.Heading heading,
                     XlsxExport.Footer footer, Consumer<XlsxExport> body) {
        response.setContentType(CONTENT_TYPE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                           ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try {
            OutputStream out = response.getOutputStream();
            write(out, heading, footer, body);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the workbook to {@code out} (the endpoint's writer, also what the benchmark measures). */
    public static void write(OutputStream out, XlsxExport.Heading heading, XlsxExport.Footer footer,
                             Consumer<XlsxExport> body) {
        XlsxExport export = new XlsxExport(out, heading, footer);
        body.accept(export);
        export.finish();
    }

    private static String checked(String value, String field, String label) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.length() > MAX_SIGNATURE || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException("INVALID_PARAMETER", field,
                    label + "不超过 " + MAX_SIGNATURE + " 个字，且不能含换行等控制字符");
        }
        return text;
    }
}
