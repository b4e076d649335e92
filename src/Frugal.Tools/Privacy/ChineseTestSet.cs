using System.Globalization;
using System.Text;
using Frugal.Core.Privacy.Checksums;

namespace Frugal.Tools.Privacy;

/// <summary>
/// A generated Chinese test set (Presidio ships no Chinese identifiers): valid resident IDs (18-character with the
/// MOD 11-2 check; legacy 15-digit), unified social credit codes (mod-31 check), mainland mobiles (with and without
/// +86, plain and spaced) and UnionPay cards (62…, Luhn-valid), each in a realistic sentence; and as many negatives —
/// the same identifiers with one character changed so they are invalid (check character, date or prefix), labelled
/// as nothing. Half the sentences carry a context word (身份证, 卡号, …), half do not. Deterministic for a seed.
/// </summary>
public static class ChineseTestSet
{
    private static readonly string[] Regions = ["110101", "310104", "440305", "330106", "510107", "420106", "320102", "610113", "350203", "370202"];
    private static readonly string[] MobilePrefixes = ["138", "139", "135", "136", "150", "151", "158", "186", "187", "188", "177", "199", "130", "131", "132", "155", "156", "185", "133", "153", "180", "181", "189"];

    private static readonly string[] IdWithContext = ["客户张伟的身份证号码是{0}，请核实。", "请提供身份证号：{0}，以便办理开户。", "申请人公民身份号码{0}已通过校验。"];
    private static readonly string[] IdPlain = ["登记信息：王芳，{0}，住址北京市朝阳区。", "资料里写着 {0}，麻烦再确认一下。"];
    private static readonly string[] UsccWithContext = ["该公司的统一社会信用代码为{0}。", "请在发票上填写纳税人识别号{0}。"];
    private static readonly string[] UsccPlain = ["合同甲方：深圳市某某科技有限公司（{0}）。", "供应商编码 {0} 已加入白名单。"];
    private static readonly string[] MobileWithContext = ["我的手机号是{0}，有问题随时联系。", "请致电{0}联系李经理。", "客户电话：{0}"];
    private static readonly string[] MobilePlain = ["快递员说到了会打{0}。", "备注：{0}（下午方便）"];
    private static readonly string[] CardWithContext = ["退款请打到我的银行卡，卡号{0}。", "银联卡号：{0}，户名刘洋。"];
    private static readonly string[] CardPlain = ["上次付款用的是{0}，这次也用它。", "扣款账户 {0} 余额不足。"];

    public static IReadOnlyList<PiiSample> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var samples = new List<PiiSample>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = i % 5;
            var withContext = (i / 5) % 2 == 0;
            var negative = (i / 10) % 2 == 1;
            var (entity, value, templates) = kind switch
            {
                0 => ("CN_RESIDENT_ID", ResidentId18(random), withContext ? IdWithContext : IdPlain),
                1 => ("CN_RESIDENT_ID", ResidentId15(random), withContext ? IdWithContext : IdPlain),
                2 => ("CN_USCC", Uscc(random), withContext ? UsccWithContext : UsccPlain),
                3 => ("PHONE_NUMBER", Mobile(random), withContext ? MobileWithContext : MobilePlain),
                _ => ("CREDIT_CARD", UnionPay(random), withContext ? CardWithContext : CardPlain),
            };
            if (negative)
            {
                value = Corrupt(kind, value, random);
            }

            var template = templates[random.Next(templates.Length)];
            var start = template.IndexOf("{0}", StringComparison.Ordinal);
            var text = template.Replace("{0}", value, StringComparison.Ordinal);
            IReadOnlyList<PiiSpan> spans = negative ? [] : [new PiiSpan(entity, start, start + value.Length)];
            samples.Add(new PiiSample(text, spans, i));
        }

        return samples;
    }

    public static string ResidentId18(Random random)
    {
        var birth = new DateTime(1950, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(0, 365 * 55));
        var first17 = Regions[random.Next(Regions.Length)] + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + random.Next(0, 1000).ToString("000", CultureInfo.InvariantCulture);
        return first17 + CnResidentId.CheckCharacter(first17);
    }

    public static string ResidentId15(Random random)
    {
        var birth = new DateTime(1940, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(random.Next(0, 365 * 59));
        return Regions[random.Next(Regions.Length)] + birth.ToString("yyMMdd", CultureInfo.InvariantCulture) + random.Next(0, 1000).ToString("000", CultureInfo.InvariantCulture);
    }

    public static string Uscc(Random random)
    {
        var text = new StringBuilder();
        text.Append("915Y"[random.Next(4)]).Append("1123"[random.Next(4)]).Append(Regions[random.Next(Regions.Length)]);
        for (var i = 0; i < 9; i++)
        {
            text.Append(i < 8 && random.Next(3) == 0 ? UnifiedSocialCreditCode.Alphabet[10 + random.Next(21)] : (char)('0' + random.Next(10)));
        }

        return text.Append(UnifiedSocialCreditCode.CheckCharacter(text.ToString())).ToString();
    }

    public static string Mobile(Random random)
    {
        var number = MobilePrefixes[random.Next(MobilePrefixes.Length)] + random.Next(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);
        return random.Next(4) switch
        {
            0 => number,
            1 => "+86 " + number,
            2 => "+86-" + number[..3] + "-" + number[3..7] + "-" + number[7..],
            _ => number[..3] + " " + number[3..7] + " " + number[7..],
        };
    }

    public static string UnionPay(Random random)
    {
        var digits = new StringBuilder("62");
        var length = random.Next(2) == 0 ? 16 : 19;
        while (digits.Length < length - 1)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        for (var check = '0'; check <= '9'; check++)
        {
            if (Luhn.IsValid(digits.ToString() + check))
            {
                return digits.Append(check).ToString();
            }
        }

        throw new InvalidOperationException("unreachable: one check digit always fits");
    }

    /// <summary>One character changed so the identifier is invalid: the check character (ID 18, USCC, card), the birth month (ID 15), the mobile prefix.</summary>
    private static string Corrupt(int kind, string value, Random random)
    {
        var chars = value.ToCharArray();
        switch (kind)
        {
            case 0 or 2 or 4:
                var last = chars.Length - 1;
                var original = chars[last];
                do
                {
                    chars[last] = kind == 2 ? UnifiedSocialCreditCode.Alphabet[random.Next(31)] : (char)('0' + random.Next(10));
                }
                while (chars[last] == original);
                break;
            case 1:
                chars[8] = '9'; // month 9x: no such month
                break;
            default:
                var at = value.IndexOf('1', value.StartsWith('+') ? 3 : 0);
                chars[at + 1] = '2'; // 12x is not a mainland mobile prefix
                break;
        }

        return new string(chars);
    }
}
