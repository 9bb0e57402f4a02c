using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Analytics.Emulator.World;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Analytics.Emulator.Http.Sts;

/// <summary>
/// STS over the Query protocol (form-encoded `Action=…&amp;Version=2011-06-15`, XML answers in the
/// `https://sts.amazonaws.com/doc/2011-06-15/` namespace): AssumeRole into a role the world declares, bound to that
/// role's account, and GetCallerIdentity. A role the account lacks, or a wrong or missing external id, is
/// AccessDenied, as STS answers when a trust policy does not allow the call.
/// </summary>
internal sealed partial class StsApi(Organisation organisation, SessionStore sessions)
{
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    private const string ApiVersion = "2011-06-15";

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::([0-9]{12}):role/(?:[\x21-\x7E]*/)?([\w+=,.@-]{1,64})$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionNamePattern();

    [GeneratedRegex(@"^[\w+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();

    /// <summary>The form parameters of a Query request: the query string, then the form-encoded body.</summary>
    public static Dictionary<string, StringValues> Parameters(string rawQuery, byte[] body)
    {
        var parameters = QueryHelpers.ParseQuery(rawQuery);
        foreach (var (name, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
        {
            parameters[name] = value;
        }
        return parameters;
    }

    /// <summary>Runs the call and returns its XML answer.</summary>
    /// <param name="caller">The account of the signing credentials; <paramref name="callerArn"/> their principal.</param>
    public string Invoke(IReadOnlyDictionary<string, StringValues> parameters, AccountRecord caller, string callerArn, string requestId)
    {
        var action = parameters.GetValueOrDefault("Action").ToString();
        if (parameters.GetValueOrDefault("Version").ToString() != ApiVersion)
        {
            throw new ApiException("InvalidAction", 400, $"Could not find operation {action} for version {parameters.GetValueOrDefault("Version")}");
        }
        return action switch
        {
            "AssumeRole" => AssumeRole(parameters, callerArn, requestId),
            "GetCallerIdentity" => Answer("GetCallerIdentity", requestId, xml =>
            {
                xml.WriteElementString("Arn", Namespace, callerArn);
                xml.WriteElementString("UserId", Namespace, caller.AccountId);
                xml.WriteElementString("Account", Namespace, caller.AccountId);
            }),
            _ => throw new ApiException("InvalidAction", 400, $"Could not find operation {action} for version {ApiVersion}"),
        };
    }

    private string AssumeRole(IReadOnlyDictionary<string, StringValues> parameters, string callerArn, string requestId)
    {
        var roleArn = parameters.GetValueOrDefault("RoleArn").ToString();
        var sessionName = parameters.GetValueOrDefault("RoleSessionName").ToString();
        var externalId = parameters.TryGetValue("ExternalId", out var e) ? e.ToString() : null;
        var durationText = parameters.GetValueOrDefault("DurationSeconds").ToString();

        var arn = RoleArnPattern().Match(roleArn);
        if (!arn.Success)
        {
            throw Validation("roleArn", roleArn, "Member must be the ARN of an IAM role (arn:aws:iam::<account>:role/<name>)");
        }
        if (!SessionNamePattern().IsMatch(sessionName))
        {
            throw Validation("roleSessionName", sessionName, @"Member must have length 2-64 and satisfy regular expression pattern: [\w+=,.@-]*");
        }
        if (externalId is not null && !ExternalIdPattern().IsMatch(externalId))
        {
            throw Validation("externalId", externalId, @"Member must have length 2-1224 and satisfy regular expression pattern: [\w+=,.@:\/-]*");
        }
        var duration = 3600;
        if (durationText.Length > 0 && (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration is < 900 or > 43200))
        {
            throw Validation("durationSeconds", durationText, "Member must have value between 900 and 43200");
        }

        var account = organisation.FindAccount(arn.Groups[1].Value);
        var role = account?.FindRole(arn.Groups[2].Value);
        if (account is null || role is null || (role.ExternalId is not null && role.ExternalId != externalId))
        {
            throw new ApiException("AccessDenied", 403, $"User: {callerArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
        }
        if (duration > role.MaxSessionDuration)
        {
            throw new ApiException("ValidationError", 400,
                $"The requested DurationSeconds exceeds the MaxSessionDuration set for this role ({role.MaxSessionDuration}).");
        }

        var session = sessions.Issue(account, role.Name, sessionName, TimeSpan.FromSeconds(duration));
        return Answer("AssumeRole", requestId, xml =>
        {
            xml.WriteStartElement("AssumedRoleUser", Namespace);
            xml.WriteElementString("AssumedRoleId", Namespace, $"{RoleId(account, role)}:{sessionName}");
            xml.WriteElementString("Arn", Namespace, session.AssumedRoleArn);
            xml.WriteEndElement();
            xml.WriteStartElement("Credentials", Namespace);
            xml.WriteElementString("AccessKeyId", Namespace, session.AccessKeyId);
            xml.WriteElementString("SecretAccessKey", Namespace, session.SecretAccessKey);
            xml.WriteElementString("SessionToken", Namespace, session.SessionToken);
            xml.WriteElementString("Expiration", Namespace, session.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            xml.WriteEndElement();
        });
    }

    /// <summary>A stable `AROA…` role id (AWS generates one per role).</summary>
    private static string RoleId(AccountRecord account, RoleRecord role) =>
        "AROA" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(account.AccountId + "/" + role.Name)))[..17];

    private static ApiException Validation(string member, string value, string constraint) =>
        new("ValidationError", 400, $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    /// <summary>`&lt;{Action}Response&gt;&lt;{Action}Result&gt;…&lt;/…&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;…`.</summary>
    private static string Answer(string action, string requestId, Action<XmlWriter> writeResult)
    {
        return StsXml.Document(xml =>
        {
            xml.WriteStartElement(action + "Response", Namespace);
            xml.WriteStartElement(action + "Result", Namespace);
            writeResult(xml);
            xml.WriteEndElement();
            xml.WriteStartElement("ResponseMetadata", Namespace);
            xml.WriteElementString("RequestId", Namespace, requestId);
            xml.WriteEndElement();
            xml.WriteEndElement();
        });
    }
}
