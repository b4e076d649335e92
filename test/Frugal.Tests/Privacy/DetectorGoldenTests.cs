using Frugal.Core.Privacy;

namespace Frugal.Tests.Privacy;

/// <summary>Golden cases per detector through the scanner (scores, context words, threshold, overlaps): what is found, and what is not.</summary>
public sealed class DetectorGoldenTests
{
    private static readonly PiiScanner Scanner = PiiScanner.Create(new PrivacyConfig());

    [Theory]
    // e-mail: prose, a URL, JSON, Chinese text
    [InlineData("Write to jane.doe+billing@example.co.uk today.", "EMAIL_ADDRESS", "jane.doe+billing@example.co.uk")]
    [InlineData("Open mailto:ops@acme.io?subject=hi", "EMAIL_ADDRESS", "ops@acme.io")]
    [InlineData("{\"contact\":\"li.wei@example.cn\"}", "EMAIL_ADDRESS", "li.wei@example.cn")]
    [InlineData("请发邮件到zhang.san@example.com，谢谢", "EMAIL_ADDRESS", "zhang.san@example.com")]
    // phones: international, national with context, CN mobile with and without +86, extension
    [InlineData("Call me at +1-984-182-0190 tomorrow", "PHONE_NUMBER", "+1-984-182-0190")]
    [InlineData("phone: (602)272-9781", "PHONE_NUMBER", "(602)272-9781")]
    [InlineData("我的手机号是13812345678，请回电", "PHONE_NUMBER", "13812345678")]
    [InlineData("联系电话：+86 138 1234 5678", "PHONE_NUMBER", "+86 138 1234 5678")]
    [InlineData("office 345-899-3560x4587 ask for Sam", "PHONE_NUMBER", "345-899-3560x4587")]
    // cards: grouped Visa, Amex, UnionPay that passes Luhn, UnionPay failing Luhn lifted by context
    [InlineData("card 4111 1111 1111 1111 exp 12/29", "CREDIT_CARD", "4111 1111 1111 1111")]
    [InlineData("Amex 378282246310005.", "CREDIT_CARD", "378282246310005")]
    [InlineData("卡号6222020200112233445，户名李雷", "CREDIT_CARD", "6222020200112233445")]
    [InlineData("{\"card\":\"4111111111111111\"}", "CREDIT_CARD", "4111111111111111")]
    // IBAN, SSN, IP
    [InlineData("IBAN GB82 WEST 1234 5698 7654 32 please", "IBAN_CODE", "GB82 WEST 1234 5698 7654 32")]
    [InlineData("my ssn is 078-05-1120", "US_SSN", "078-05-1120")]
    [InlineData("login from 192.168.10.42 failed", "IP_ADDRESS", "192.168.10.42")]
    [InlineData("https://10.0.0.7:8443/admin", "IP_ADDRESS", "10.0.0.7")]
    [InlineData("host 2001:db8:85a3::8a2e:370:7334 is down", "IP_ADDRESS", "2001:db8:85a3::8a2e:370:7334")]
    // Chinese identifiers
    [InlineData("身份证号码：11010519491231002X，已核验", "CN_RESIDENT_ID", "11010519491231002X")]
    [InlineData("申请人11010519491231002X", "CN_RESIDENT_ID", "11010519491231002X")]
    [InlineData("旧身份证110105491231002", "CN_RESIDENT_ID", "110105491231002")]
    [InlineData("统一社会信用代码91350100M000100Y43", "CN_USCC", "91350100M000100Y43")]
    [InlineData("供应商91350100M000100Y43已入库", "CN_USCC", "91350100M000100Y43")]
    [InlineData("统一社会信用代码91350100M000100Y44", "CN_USCC", "91350100M000100Y44")] // failed check + context: still masked
    // secrets
    [InlineData("use key sk-proj-abcdefghijklmnopqrstuvwxyz012345 in prod", "SECRET", "sk-proj-abcdefghijklmnopqrstuvwxyz012345")]
    [InlineData("aws AKIAIOSFODNN7EXAMPLE here", "SECRET", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("token ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ12 ok", "SECRET", "ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ12")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "SECRET", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    public void Finds_the_value(string text, string entity, string value)
    {
        var finding = Assert.Single(Scanner.Scan(text));
        Assert.Equal(entity, finding.Entity.Name);
        Assert.Equal(value, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("card 4111 1111 1111 1112 exp 12/29")] // Luhn fails
    [InlineData("6222020200112233445 was the order number")] // UnionPay-shaped, fails Luhn, no context word
    [InlineData("IBAN GB82 WEST 1234 5698 7654 33")] // mod-97 fails
    [InlineData("ssn 666-12-3456")] // area 666 is never issued
    [InlineData("ssn 123-00-4567")] // group 00
    [InlineData("version 1.2.3.4.5 released")] // a dotted version, not an address
    [InlineData("at 12:30:45 we met")] // a clock time, not IPv6
    [InlineData("身份证号码：110105194912310021")] // wrong check character
    [InlineData("身份证号码：110105491331002")] // 15-digit with month 13
    [InlineData("我的手机号是12812345678")] // 12x is not a mainland mobile prefix
    [InlineData("On 2018-01-14 03:07:43 the talks began")] // an ISO date is not a phone number
    [InlineData("see you@home")] // no domain
    [InlineData("The total is 42 and the code is 7")]
    public void Leaves_near_misses_alone(string text) => Assert.Empty(Scanner.Scan(text));

    [Fact]
    public void A_deny_list_and_a_custom_pattern_become_entity_types()
    {
        var scanner = PiiScanner.Create(new PrivacyConfig
        {
            Patterns = [new CustomPatternConfig { Name = "CUSTOMER_ID", Pattern = @"CUST-\d{6}", Score = 0.9 }],
            DenyLists = [new DenyListConfig { Name = "PROJECT", Values = ["Bluebird"] }],
        });

        var findings = scanner.Scan("Project bluebird for CUST-123456, not Bluebirds.");

        Assert.Collection(
            findings,
            f => Assert.Equal(("PROJECT", 8), (f.Entity.Name, f.Start)),
            f => Assert.Equal(("CUSTOMER_ID", 21), (f.Entity.Name, f.Start)));
    }
}
