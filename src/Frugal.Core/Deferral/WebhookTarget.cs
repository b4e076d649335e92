namespace Frugal.Core.Deferral;

/// <summary>
/// Checks a webhook URL from a request header or the config: absolute, <c>http</c> or <c>https</c> only (no
/// <c>file:</c>, <c>ftp:</c>, …), no user info (credentials would be logged and stored with the call), at most 2,048 characters.
/// </summary>
public static class WebhookTarget
{
    public const int MaxLength = 2048;

    public static bool TryParse(string? value, out Uri? target, out string problem)
    {
        target = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "must be an absolute http(s) URL";
            return false;
        }

        if (value.Length > MaxLength)
        {
            problem = $"must be at most {MaxLength} characters";
            return false;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = "must be an absolute http:// or https:// URL";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            problem = "must not carry a user name or password";
            return false;
        }

        target = uri;
        problem = string.Empty;
        return true;
    }
}
