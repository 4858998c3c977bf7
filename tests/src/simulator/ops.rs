//! The five operations of `spec/atlas-admin-fragment.yaml`: routing on the raw
//! path, media-type checks, server-side validation, conflicts and answers.

use std::net::IpAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::Method;
use percent_encoding::percent_decode_str;
use serde_json::{json, Map, Value};

use super::reply::{atlas_error, validation_error, Reply};
use super::{Incoming, Shared, SimState};

/// A cloud provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// `AWS`
    Aws,
    /// `AZURE`
    Azure,
    /// `GCP`
    Gcp,
}

impl Provider {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Aws => "AWS",
            Provider::Azure => "AZURE",
            Provider::Gcp => "GCP",
        }
    }

    /// Parse a wire value.
    pub fn parse(s: &str) -> Option<Provider> {
        match s {
            "AWS" => Some(Provider::Aws),
            "AZURE" => Some(Provider::Azure),
            "GCP" => Some(Provider::Gcp),
            _ => None,
        }
    }

    fn serverless_regions(self) -> &'static [&'static str] {
        match self {
            Provider::Aws => &[
                "US_EAST_1",
                "US_EAST_2",
                "US_WEST_1",
                "US_WEST_2",
                "CA_CENTRAL_1",
                "EU_WEST_1",
                "EU_WEST_2",
                "EU_CENTRAL_1",
                "AP_SOUTHEAST_1",
                "AP_SOUTHEAST_2",
                "AP_NORTHEAST_1",
                "AP_SOUTH_1",
                "SA_EAST_1",
            ],
            Provider::Azure => &[
                "US_EAST",
                "US_EAST_2",
                "US_WEST",
                "EUROPE_NORTH",
                "EUROPE_WEST",
                "ASIA_EAST",
            ],
            Provider::Gcp => &[
                "CENTRAL_US",
                "EASTERN_US",
                "WESTERN_US",
                "WESTERN_EUROPE",
                "EASTERN_ASIA_PACIFIC",
            ],
        }
    }
}

/// Regions of `ObjectStoragePrivateEndpointRequest.regionName`.
const BACKUP_REGIONS: &[&str] = &[
    "US_GOV_WEST_1",
    "US_GOV_EAST_1",
    "US_EAST_1",
    "US_EAST_2",
    "US_WEST_1",
    "US_WEST_2",
    "CA_CENTRAL_1",
    "EU_NORTH_1",
    "EU_WEST_1",
    "EU_WEST_2",
    "EU_WEST_3",
    "EU_CENTRAL_1",
    "AP_EAST_1",
    "AP_NORTHEAST_1",
    "AP_NORTHEAST_2",
    "AP_NORTHEAST_3",
    "AP_SOUTHEAST_1",
    "AP_SOUTHEAST_2",
    "AP_SOUTHEAST_3",
    "AP_SOUTH_1",
    "SA_EAST_1",
    "CN_NORTH_1",
    "CN_NORTHWEST_1",
    "ME_SOUTH_1",
    "AF_SOUTH_1",
    "EU_SOUTH_1",
    "GLOBAL",
];

const V2_2023: &str = "application/vnd.atlas.2023-01-01+json";
const V2_2024: &str = "application/vnd.atlas.2024-11-13+json";
const V1: &str = "application/json";

/// One of the simulated operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    ServerlessPrivateEndpoint,
    ServerlessInstance,
    BackupPrivateEndpoint,
    PrivateEndpoint,
    ServerlessPrivateEndpointV1,
}

impl Op {
    pub(super) fn operation_id(self) -> &'static str {
        match self {
            Op::ServerlessPrivateEndpoint => "createGroupPrivateEndpointServerlessInstanceEndpoint",
            Op::ServerlessInstance => "createServerlessInstance",
            Op::BackupPrivateEndpoint => "createGroupBackupPrivateEndpoint",
            Op::PrivateEndpoint => "createGroupPrivateEndpointEndpointServiceEndpoint",
            Op::ServerlessPrivateEndpointV1 => "createServerlessPrivateEndpointV1",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Op::BackupPrivateEndpoint => V2_2024,
            Op::ServerlessPrivateEndpointV1 => V1,
            _ => V2_2023,
        }
    }

    pub(super) fn is_legacy(self) -> bool {
        self == Op::ServerlessPrivateEndpointV1
    }
}

/// A matched route with its raw (still percent-encoded) path parameters.
#[derive(Debug)]
pub(super) struct Route {
    pub(super) op: Op,
    params: Vec<String>,
}

/// Match `POST` + raw path against the operations' templates.
pub(super) fn route(method: &Method, path: &str) -> Option<Route> {
    if method != Method::POST {
        return None;
    }
    let segs: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    let (op, params) = match segs.as_slice() {
        ["api", "atlas", "v2", "groups", g, "privateEndpoint", "serverless", "instance", i, "endpoint"] => {
            (Op::ServerlessPrivateEndpoint, vec![*g, *i])
        }
        ["api", "atlas", "v2", "groups", g, "serverless"] => (Op::ServerlessInstance, vec![*g]),
        ["api", "atlas", "v2", "groups", g, "backup", p, "privateEndpoints"] => {
            (Op::BackupPrivateEndpoint, vec![*g, *p])
        }
        ["api", "atlas", "v2", "groups", g, "privateEndpoint", p, "endpointService", s, "endpoint"] => {
            (Op::PrivateEndpoint, vec![*g, *p, *s])
        }
        ["api", "atlas", "v1.0", "groups", g, "privateEndpoint", "serverless", "instance", i, "endpoint"] => {
            (Op::ServerlessPrivateEndpointV1, vec![*g, *i])
        }
        _ => return None,
    };
    Some(Route {
        op,
        params: params.into_iter().map(str::to_owned).collect(),
    })
}

fn is_hex24(s: &str) -> bool {
    s.len() == 24
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `^[a-zA-Z0-9][a-zA-Z0-9-]*$`
fn is_name(s: &str) -> bool {
    let mut b = s.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'-')
}

/// `^vpce-[0-9a-f]{17}$`
fn is_vpce(s: &str) -> bool {
    s.strip_prefix("vpce-").is_some_and(|h| {
        h.len() == 17
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// `^p-[0-9a-z]{24}$`
fn is_gcp_project(s: &str) -> bool {
    s.strip_prefix("p-").is_some_and(|h| {
        h.len() == 24
            && h.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    })
}

/// Collects `(field, description)` violations of a JSON body.
#[derive(Default)]
struct Checker {
    v: Vec<(String, String)>,
}

impl Checker {
    fn fail(&mut self, field: &str, desc: impl Into<String>) {
        self.v.push((field.to_owned(), desc.into()));
    }

    fn missing(&mut self, field: &str, required: bool) {
        if required {
            self.fail(field, "is required");
        }
    }

    fn string<'a>(&mut self, field: &str, v: Option<&'a Value>, required: bool) -> Option<&'a str> {
        match v {
            None | Some(Value::Null) => {
                self.missing(field, required);
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(_) => {
                self.fail(field, "must be a string");
                None
            }
        }
    }

    fn boolean(&mut self, field: &str, v: Option<&Value>) {
        if !matches!(v, None | Some(Value::Null) | Some(Value::Bool(_))) {
            self.fail(field, "must be a boolean");
        }
    }

    fn object<'a>(
        &mut self,
        field: &str,
        v: Option<&'a Value>,
        required: bool,
    ) -> Option<&'a Map<String, Value>> {
        match v {
            None | Some(Value::Null) => {
                self.missing(field, required);
                None
            }
            Some(Value::Object(o)) => Some(o),
            Some(_) => {
                self.fail(field, "must be an object");
                None
            }
        }
    }

    fn array<'a>(&mut self, field: &str, v: Option<&'a Value>) -> Option<&'a Vec<Value>> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::Array(a)) => Some(a),
            Some(_) => {
                self.fail(field, "must be an array");
                None
            }
        }
    }

    fn max_chars(&mut self, field: &str, s: Option<&str>, max: usize) {
        if s.is_some_and(|s| s.chars().count() > max) {
            self.fail(field, format!("must be at most {max} characters"));
        }
    }

    fn one_of(&mut self, field: &str, s: Option<&str>, allowed: &[&str]) {
        if let Some(s) = s {
            if !allowed.contains(&s) {
                self.fail(field, format!("must be one of {}", allowed.join(", ")));
            }
        }
    }

    fn ip(&mut self, field: &str, s: Option<&str>) {
        if s.is_some_and(|s| s.parse::<IpAddr>().is_err()) {
            self.fail(field, "must be an IP address");
        }
    }

    fn finish(self) -> Result<(), Reply> {
        if self.v.is_empty() {
            Ok(())
        } else {
            Err(validation_error(&self.v))
        }
    }
}

fn media_type_check(r: &Incoming, op: Op) -> Result<(), Reply> {
    let want = op.media_type();
    let accept = r.header("accept").unwrap_or("");
    if accept != want {
        return Err(atlas_error(
            406,
            "INVALID_VERSION_DATE",
            &format!("The requested media type {accept:?} is not supported by this resource; use {want}."),
            vec![accept.into(), want.into()],
        ));
    }
    let ct = r.header("content-type").unwrap_or("");
    if ct != want {
        return Err(atlas_error(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            &format!(
                "The request Content-Type {ct:?} is not supported by this resource; use {want}."
            ),
            vec![ct.into(), want.into()],
        ));
    }
    Ok(())
}

fn decode_params(route: &Route) -> Result<Vec<String>, Reply> {
    route
        .params
        .iter()
        .map(|p| {
            percent_decode_str(p)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| {
                    atlas_error(
                        400,
                        "INVALID_PATH_PARAMETER",
                        "A path parameter is not valid UTF-8.",
                        vec![],
                    )
                })
        })
        .collect()
}

fn group_check(s: &SimState, group: &str) -> Result<(), Reply> {
    if !is_hex24(group) {
        return Err(atlas_error(
            400,
            "INVALID_GROUP_ID",
            &format!("The specified group ID {group} is invalid."),
            vec![group.into()],
        ));
    }
    if !s.groups.contains(group) {
        return Err(atlas_error(
            404,
            "RESOURCE_NOT_FOUND",
            &format!("Cannot find resource group {group}."),
            vec![group.into()],
        ));
    }
    if s.forbidden.contains(group) {
        return Err(atlas_error(
            403,
            "INSUFFICIENT_ROLE",
            &format!("The caller lacks the Project Owner role required for group {group}."),
            vec![group.into()],
        ));
    }
    Ok(())
}

fn parse_body(r: &Incoming) -> Result<Map<String, Value>, Reply> {
    match serde_json::from_slice::<Value>(&r.body) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(validation_error(&[(
            "body".into(),
            "must be a JSON object".into(),
        )])),
        Err(e) => Err(validation_error(&[(
            "body".into(),
            format!("malformed JSON: {e}"),
        )])),
    }
}

/// Serve a matched operation.
pub(super) fn handle(shared: &Shared, r: &Incoming, route: &Route) -> Reply {
    let run = || -> Result<Reply, Reply> {
        media_type_check(r, route.op)?;
        let params = decode_params(route)?;
        let mut s = shared.lock();
        group_check(&s, &params[0])?;
        let body = parse_body(r)?;
        match route.op {
            Op::ServerlessPrivateEndpoint | Op::ServerlessPrivateEndpointV1 => {
                serverless_endpoint(&mut s, route.op, &params[0], &params[1], &body)
            }
            Op::ServerlessInstance => serverless_instance(&mut s, &params[0], &body),
            Op::BackupPrivateEndpoint => backup_endpoint(&mut s, &params[0], &params[1], &body),
            Op::PrivateEndpoint => {
                private_endpoint(&mut s, &params[0], &params[1], &params[2], &body)
            }
        }
    };
    let reply = run().unwrap_or_else(|e| e);
    if (200..300).contains(&reply.status) {
        shared.lock().counters.created += 1;
    }
    reply
}

fn serverless_endpoint(
    s: &mut SimState,
    op: Op,
    group: &str,
    instance: &str,
    body: &Map<String, Value>,
) -> Result<Reply, Reply> {
    let mut c = Checker::default();
    if !is_name(instance) {
        c.fail("instanceName", "must match ^[a-zA-Z0-9][a-zA-Z0-9-]*$");
    }
    let comment = c.string("comment", body.get("comment"), false);
    let max = if op.is_legacy() { 79 } else { 80 };
    c.max_chars("comment", comment, max);
    c.finish()?;
    let Some(provider) = s
        .instances
        .get(&(group.to_owned(), instance.to_owned()))
        .copied()
    else {
        return Err(atlas_error(
            404,
            "SERVERLESS_INSTANCE_NOT_FOUND",
            &format!("No serverless instance with name {instance} exists in group {group}."),
            vec![instance.into(), group.into()],
        ));
    };
    let supported = match op {
        Op::ServerlessPrivateEndpointV1 => provider == Provider::Aws,
        _ => provider != Provider::Gcp,
    };
    if !supported {
        return Err(atlas_error(
            400,
            "SERVERLESS_PRIVATE_ENDPOINT_UNSUPPORTED_PROVIDER",
            &format!(
                "Private endpoints are not supported for {} serverless instances here.",
                provider.as_str()
            ),
            vec![provider.as_str().into()],
        ));
    }
    let id = s.new_id();
    let tail = &id[7..];
    let body = match (op, provider) {
        (Op::ServerlessPrivateEndpointV1, _) => json!({
            "_id": id,
            "cloudProviderEndpointId": null,
            "comment": comment,
            "endpointServiceName": null,
            "errorMessage": null,
            "status": "RESERVATION_REQUESTED",
        }),
        (_, Provider::Azure) => json!({
            "_id": id,
            "comment": comment,
            "endpointServiceName": format!("pls_{id}"),
            "privateLinkServiceResourceId": format!("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/atlas/providers/Microsoft.Network/privateLinkServices/pls_{id}"),
            "providerName": "AZURE",
            "status": "RESERVATION_REQUESTED",
        }),
        _ => json!({
            "_id": id,
            "comment": comment,
            "endpointServiceName": format!("com.amazonaws.vpce.us-east-1.vpce-svc-{tail}"),
            "providerName": "AWS",
            "status": "RESERVATION_REQUESTED",
        }),
    };
    Ok(Reply::json(201, op.media_type(), strip_nulls_v2(op, body)))
}

/// v2 answers omit absent fields; the legacy v1.0 API sends explicit `null`s.
fn strip_nulls_v2(op: Op, mut v: Value) -> Value {
    if !op.is_legacy() {
        if let Value::Object(o) = &mut v {
            o.retain(|_, v| !v.is_null());
        }
    }
    v
}

fn serverless_instance(
    s: &mut SimState,
    group: &str,
    body: &Map<String, Value>,
) -> Result<Reply, Reply> {
    let mut c = Checker::default();
    let name = c.string("name", body.get("name"), true);
    if name.is_some_and(|n| !is_name(n)) {
        c.fail("name", "must match ^[a-zA-Z0-9][a-zA-Z0-9-]*$");
    }
    let ps = c.object("providerSettings", body.get("providerSettings"), true);
    let mut backing = None;
    let mut region = None;
    if let Some(ps) = ps {
        let b = c.string(
            "providerSettings.backingProviderName",
            ps.get("backingProviderName"),
            true,
        );
        c.one_of(
            "providerSettings.backingProviderName",
            b,
            &["AWS", "AZURE", "GCP"],
        );
        backing = b.and_then(Provider::parse);
        let p = c.string(
            "providerSettings.providerName",
            ps.get("providerName"),
            false,
        );
        c.one_of("providerSettings.providerName", p, &["SERVERLESS"]);
        region = c.string("providerSettings.regionName", ps.get("regionName"), true);
        if let (Some(b), Some(r)) = (backing, region) {
            if !b.serverless_regions().contains(&r) {
                c.fail(
                    "providerSettings.regionName",
                    format!("No region {r} exists for provider {}", b.as_str()),
                );
            }
        }
    }
    if let Some(o) = c.object(
        "serverlessBackupOptions",
        body.get("serverlessBackupOptions"),
        false,
    ) {
        c.boolean(
            "serverlessBackupOptions.serverlessContinuousBackupEnabled",
            o.get("serverlessContinuousBackupEnabled"),
        );
    }
    if let Some(tags) = c.array("tags", body.get("tags")) {
        for (i, t) in tags.iter().enumerate() {
            let f = format!("tags[{i}]");
            if let Some(t) = c.object(&f, Some(t), true) {
                for k in ["key", "value"] {
                    let field = format!("{f}.{k}");
                    let v = c.string(&field, t.get(k), true);
                    if v.is_some_and(|v| v.is_empty() || v.chars().count() > 255) {
                        c.fail(&field, "must be 1 to 255 characters");
                    }
                }
            }
        }
    }
    c.boolean(
        "terminationProtectionEnabled",
        body.get("terminationProtectionEnabled"),
    );
    c.finish()?;
    let (name, backing, region) = (
        name.expect("validated"),
        backing.expect("validated"),
        region.expect("validated"),
    );
    let key = (group.to_owned(), name.to_owned());
    if s.instances.contains_key(&key) {
        return Err(atlas_error(
            409,
            "DUPLICATE_CLUSTER_NAME",
            &format!(
                "A serverless instance or cluster named {name} already exists in group {group}."
            ),
            vec![name.into(), group.into()],
        ));
    }
    s.instances.insert(key, backing);
    let id = s.new_id();
    let continuous = body
        .get("serverlessBackupOptions")
        .and_then(|o| o.get("serverlessContinuousBackupEnabled"))
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let out = json!({
        "connectionStrings": {
            "standardSrv": format!("mongodb+srv://{}.{}.mongodb.net", name.to_ascii_lowercase(), &id[16..]),
        },
        "createDate": rfc3339(SystemTime::now()),
        "groupId": group,
        "id": id,
        "links": [{
            "href": format!("https://cloud.mongodb.com/api/atlas/v2/groups/{group}/serverless/{name}"),
            "rel": "self",
        }],
        "mongoDBVersion": "8.0.4",
        "name": name,
        "providerSettings": {
            "backingProviderName": backing.as_str(),
            "effectiveProviderName": backing.as_str(),
            "providerName": "SERVERLESS",
            "regionName": region,
        },
        "serverlessBackupOptions": { "serverlessContinuousBackupEnabled": continuous },
        "stateName": "CREATING",
        "tags": body.get("tags").cloned().unwrap_or_else(|| json!([])),
        "terminationProtectionEnabled": body
            .get("terminationProtectionEnabled")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    });
    Ok(Reply::json(201, V2_2023, out))
}

fn backup_endpoint(
    s: &mut SimState,
    group: &str,
    provider: &str,
    body: &Map<String, Value>,
) -> Result<Reply, Reply> {
    let mut c = Checker::default();
    if provider != "AWS" {
        c.fail("cloudProvider", "path parameter must be one of AWS");
    }
    let cp = c.string("cloudProvider", body.get("cloudProvider"), false);
    c.one_of("cloudProvider", cp, &["AWS"]);
    let region = c.string("regionName", body.get("regionName"), true);
    if !region.is_some_and(|r| s.new_backup_regions.iter().any(|n| n == r)) {
        c.one_of("regionName", region, BACKUP_REGIONS);
    }
    c.finish()?;
    let region = region.expect("validated");
    if !s
        .backup_endpoints
        .insert((group.to_owned(), region.to_owned()))
    {
        return Err(atlas_error(
            409,
            "OBJECT_STORAGE_PRIVATE_ENDPOINT_ALREADY_EXISTS",
            &format!(
                "An object storage private endpoint already exists in {region} for group {group}."
            ),
            vec![region.into(), group.into()],
        ));
    }
    let id = s.new_id();
    Ok(Reply::json(
        201,
        V2_2024,
        json!({
            "cloudProvider": "AWS",
            "id": id,
            "privateEndpointConnectionName": format!("vpce-{}", &id[7..]),
            "regionName": region,
            "status": "INITIATING",
        }),
    ))
}

fn private_endpoint(
    s: &mut SimState,
    group: &str,
    provider: &str,
    service: &str,
    body: &Map<String, Value>,
) -> Result<Reply, Reply> {
    let mut c = Checker::default();
    let p = Provider::parse(provider);
    if p.is_none() {
        c.fail(
            "cloudProvider",
            "path parameter must be one of AWS, AZURE, GCP",
        );
    }
    if !is_hex24(service) {
        c.fail("endpointServiceId", "must match ^([a-f0-9]{24})$");
    }
    let mut key = None;
    let mut answer = Map::new();
    match p {
        Some(Provider::Aws) => {
            let id = c.string("id", body.get("id"), true);
            if id.is_some_and(|i| !is_vpce(i)) {
                c.fail("id", "must match ^vpce-[0-9a-f]{17}$");
            }
            key = id.map(str::to_owned);
            answer.insert("connectionStatus".into(), "PENDING_ACCEPTANCE".into());
            answer.insert("interfaceEndpointId".into(), json!(id));
        }
        Some(Provider::Azure) => {
            let id = c.string("id", body.get("id"), true);
            if id.is_some_and(|i| !i.starts_with("/subscriptions/")) {
                c.fail(
                    "id",
                    "must be an Azure private endpoint resource id (/subscriptions/…)",
                );
            }
            let ip = c.string(
                "privateEndpointIPAddress",
                body.get("privateEndpointIPAddress"),
                true,
            );
            c.ip("privateEndpointIPAddress", ip);
            key = id.map(str::to_owned);
            let name = id.and_then(|i| i.rsplit('/').next()).unwrap_or("");
            answer.insert(
                "privateEndpointConnectionName".into(),
                json!(format!("{name}.{service}")),
            );
            answer.insert("privateEndpointIPAddress".into(), json!(ip));
            answer.insert("privateEndpointResourceId".into(), json!(id));
            answer.insert("status".into(), "INITIATING".into());
        }
        Some(Provider::Gcp) => {
            let name = c.string("endpointGroupName", body.get("endpointGroupName"), true);
            if name == Some("") {
                c.fail("endpointGroupName", "must not be empty");
            }
            let project = c.string("gcpProjectId", body.get("gcpProjectId"), true);
            if project.is_some_and(|p| !is_gcp_project(p)) {
                c.fail("gcpProjectId", "must match ^p-[0-9a-z]{24}$");
            }
            let mut endpoints = Vec::new();
            if let Some(list) = c.array("endpoints", body.get("endpoints")) {
                for (i, e) in list.iter().enumerate() {
                    let f = format!("endpoints[{i}]");
                    if let Some(e) = c.object(&f, Some(e), true) {
                        let n =
                            c.string(&format!("{f}.endpointName"), e.get("endpointName"), false);
                        let ip = c.string(&format!("{f}.ipAddress"), e.get("ipAddress"), false);
                        c.ip(&format!("{f}.ipAddress"), ip);
                        endpoints.push(
                            json!({"endpointName": n, "ipAddress": ip, "status": "INITIATING"}),
                        );
                    }
                }
            }
            key = name.map(str::to_owned);
            answer.insert("endpointGroupName".into(), json!(name));
            answer.insert("endpoints".into(), Value::Array(endpoints));
            answer.insert("gcpProjectId".into(), json!(project));
            answer.insert("portMappingEnabled".into(), false.into());
            answer.insert("status".into(), "INITIATING".into());
        }
        None => {}
    }
    c.finish()?;
    let (p, key) = (p.expect("validated"), key.expect("validated"));
    if s.endpoint_services
        .get(&(group.to_owned(), service.to_owned()))
        != Some(&p)
    {
        return Err(atlas_error(
            404,
            "PRIVATE_ENDPOINT_SERVICE_NOT_FOUND",
            &format!(
                "No {} private endpoint service with id {service} exists in group {group}.",
                p.as_str()
            ),
            vec![service.into(), group.into()],
        ));
    }
    if !s
        .private_endpoints
        .insert((group.to_owned(), p, service.to_owned(), key.clone()))
    {
        return Err(atlas_error(
            409,
            "PRIVATE_ENDPOINT_ALREADY_EXISTS",
            &format!("Private endpoint {key} already exists for endpoint service {service}."),
            vec![key.into(), service.into()],
        ));
    }
    answer.insert("cloudProvider".into(), p.as_str().into());
    answer.insert("deleteRequested".into(), false.into());
    answer.retain(|_, v| !v.is_null());
    Ok(Reply::json(200, V2_2023, Value::Object(answer)))
}

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC).
fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1_746_351_720);
        assert_eq!(rfc3339(t), "2025-05-04T09:42:00Z");
        let leap = UNIX_EPOCH + std::time::Duration::from_secs(951_782_400);
        assert_eq!(rfc3339(leap), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn routes_on_raw_segments() {
        let post = Method::POST;
        let r = route(&post, "/api/atlas/v2/groups/g/serverless").unwrap();
        assert_eq!(r.op, Op::ServerlessInstance);
        let r = route(
            &post,
            "/api/atlas/v2/groups/g/privateEndpoint/serverless/instance/a%2Fb/endpoint",
        )
        .unwrap();
        assert_eq!(r.op, Op::ServerlessPrivateEndpoint);
        assert_eq!(r.params, ["g", "a%2Fb"]);
        let r = route(
            &post,
            "/api/atlas/v2/groups/g/privateEndpoint/AWS/endpointService/s/endpoint",
        )
        .unwrap();
        assert_eq!(r.op, Op::PrivateEndpoint);
        assert!(route(&post, "/api/atlas/v2/groups/g/serverless/x").is_none());
        assert!(route(&Method::GET, "/api/atlas/v2/groups/g/serverless").is_none());
    }

    #[test]
    fn patterns() {
        assert!(is_hex24("5f1a2b3c4d5e6f7a8b9c0d1e"));
        assert!(!is_hex24("5F1A2B3C4D5E6F7A8B9C0D1E"));
        assert!(is_name("a-1") && !is_name("-a") && !is_name("") && !is_name("a_b"));
        assert!(is_vpce("vpce-0123456789abcdef0") && !is_vpce("vpce-0123"));
        assert!(is_gcp_project("p-0123456789abcdefghijklmn") && !is_gcp_project("p-X"));
    }
}
