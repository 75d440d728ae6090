//! Every semantic check of a token model: each column's role (a flag, or its field's name), the
//! type each role needs, the columns every model has, names SQL accepts, and the app's own
//! columns (a SQL type, and a default unless they may be NULL, since the storage inserts rows
//! without them). Each problem is a [`Diagnostic`] at the offending token.

use super::model::{Column, ColumnType, FieldInput, Model, ModelInput, Role};
use crate::diag::{Diagnostic, Site};
use crate::suggest::{code_list, did_you_mean};

/// The roles every model has; the others are optional.
const REQUIRED: [Role; 4] = [Role::Id, Role::Provider, Role::Token, Role::CreatedAt];

/// Checks a model and works out its columns.
pub fn validate(input: &ModelInput) -> Result<Model, Vec<Diagnostic>> {
    let mut problems: Vec<Diagnostic> = input.unknown_keys.iter().map(unknown_key).collect();
    let table = table_name(input, &mut problems);
    let mut columns = Vec::new();
    for field in &input.fields {
        match column(input, field) {
            Ok(column) => columns.push(column),
            Err(problem) => problems.push(problem),
        }
    }
    check_roles(input, &columns, &mut problems);
    check_names(&columns, &mut problems);
    if problems.is_empty() {
        Ok(Model {
            ident: input.ident.clone(),
            table,
            columns,
        })
    } else {
        Err(problems)
    }
}

fn unknown_key(unknown: &super::model::UnknownKey) -> Diagnostic {
    let key = &unknown.key.value;
    let message = match did_you_mean(key, unknown.known) {
        Some(known) => format!("unknown key `{key}`; did you mean `{known}`?"),
        None => format!(
            "unknown key `{key}`; the keys here are {}",
            code_list(unknown.known)
        ),
    };
    Diagnostic::new(&unknown.key.site, message)
}

/// `table = "..."`, or `oauth_dance_` and the struct's name in lower case (as Flask-Dance names
/// its tables `flask_dance_<class name>`).
fn table_name(input: &ModelInput, problems: &mut Vec<Diagnostic>) -> String {
    match &input.table {
        Some(table) => {
            if !is_sql_name(&table.value) {
                problems.push(Diagnostic::new(
                    &table.site,
                    format!("`{}` is not a table name SQL accepts unquoted: use lower-case letters, digits and `_`, starting with a letter or `_`", table.value),
                ));
            }
            table.value.clone()
        }
        None => format!("oauth_dance_{}", input.ident.to_string().to_lowercase()),
    }
}

/// The field's column: its role (its flag, else its name, unless another field has that flag),
/// its name and its type.
fn column(input: &ModelInput, field: &FieldInput) -> Result<Column, Diagnostic> {
    let by_name = Role::named(&field.ident.to_string()).filter(|role| {
        !input
            .fields
            .iter()
            .any(|f| f.role.as_ref().is_some_and(|r| r.value == *role))
    });
    let role = field.role.as_ref().map(|r| r.value).or(by_name);
    if let (Some(role), Some(setting)) = (role, field.sql_type.as_ref().or(field.default.as_ref()))
    {
        return Err(Diagnostic::new(
            &setting.site,
            format!(
                "`sql_type` and `default` are for your own columns: the `{}` column's type and value are the storage's",
                role.name()
            ),
        ));
    }
    let ty_sql = match role {
        Some(role) => role_type(role, field)?,
        None => own_type(field)?,
    };
    let name = field
        .column
        .as_ref()
        .map_or_else(|| field.ident.to_string(), |c| c.value.clone());
    Ok(Column {
        field: field.ident.clone(),
        ty: field.ty.clone(),
        name,
        role,
        ty_sql,
    })
}

/// The type a role needs, or the problem at the field's type.
fn role_type(role: Role, field: &FieldInput) -> Result<ColumnType, Diagnostic> {
    let written = field.ty_name.clone();
    let (ty, expected) = match (role, written.as_str()) {
        (Role::Id, "i64") => return Ok(ColumnType::Key),
        (Role::Provider, "String") => return Ok(ColumnType::Text),
        (Role::CreatedAt, "i64") => return Ok(ColumnType::BigInt),
        (Role::Token, "Token") => return Ok(ColumnType::Json),
        (Role::UserId, "Option<String>") | (Role::ProviderUserId, "Option<String>") => {
            return Ok(ColumnType::NullableText);
        }
        (Role::UserId, "Option<i64>") => return Ok(ColumnType::NullableBigInt),
        (Role::Id, _) => (written, "`i64` (the row's key)"),
        (Role::Provider, _) => (written, "`String` (the blueprint's name)"),
        (Role::CreatedAt, _) => (written, "`i64` (Unix seconds)"),
        (Role::Token, _) => (
            written,
            "`oauth_dance::Token` (the whole token response, stored as JSON)",
        ),
        (Role::UserId, _) => (
            written,
            "`Option<String>` or `Option<i64>` (the local user; `None` for a site-wide token)",
        ),
        (Role::ProviderUserId, _) => (
            written,
            "`Option<String>` (who the user is at the provider)",
        ),
    };
    let message = format!(
        "the `{}` column's type must be {expected}, not `{ty}`",
        role.name()
    );
    Err(Diagnostic::new(&field.ty_site, message))
}

/// An app's own column: its SQL type (known for plain types, else `sql_type`), nullable if it
/// is an `Option`, and a default unless it is nullable.
fn own_type(field: &FieldInput) -> Result<ColumnType, Diagnostic> {
    let written = field.ty_name.clone();
    let (inner, nullable) = match written
        .strip_prefix("Option<")
        .and_then(|t| t.strip_suffix('>'))
    {
        Some(inner) => (inner.to_string(), true),
        None => (written.clone(), false),
    };
    let sql_type = match (&field.sql_type, known_sql_type(&inner)) {
        (Some(sql_type), _) => sql_type.value.clone(),
        (None, Some(known)) => known.to_string(),
        (None, None) => {
            return Err(Diagnostic::new(
                &field.ty_site,
                format!(
                    "the column `{}` has type `{written}`, which has no SQL type the derive knows: name one with `#[token(sql_type = \"...\")]`",
                    field.ident
                ),
            ));
        }
    };
    let default = field.default.as_ref().map(|d| d.value.clone());
    if !nullable && default.is_none() {
        return Err(Diagnostic::new(
            &field.ty_site,
            format!(
                "the storage inserts rows without the column `{}`: make it an `Option<{written}>`, or give it a default with `#[token(default = \"...\")]`",
                field.ident
            ),
        ));
    }
    Ok(ColumnType::Own {
        sql_type,
        nullable,
        default,
    })
}

fn known_sql_type(rust: &str) -> Option<&'static str> {
    Some(match rust {
        "String" => "TEXT",
        "i64" => "BIGINT",
        "i32" => "INTEGER",
        "i16" => "SMALLINT",
        "bool" => "BOOLEAN",
        "f64" => "DOUBLE PRECISION",
        "f32" => "REAL",
        _ => return None,
    })
}

/// Every required role present, and no role twice.
fn check_roles(input: &ModelInput, columns: &[Column], problems: &mut Vec<Diagnostic>) {
    for role in Role::ALL {
        let with: Vec<&Column> = columns.iter().filter(|c| c.role == Some(role)).collect();
        if let [_, second, ..] = with.as_slice() {
            problems.push(Diagnostic::new(
                &Site::Tokens(second.field.span()),
                format!(
                    "two fields are the `{}` column (`{}` and `{}`); keep one",
                    role.name(),
                    with[0].field,
                    second.field
                ),
            ));
        }
    }
    let failed_fields = input.fields.len() != columns.len();
    for role in REQUIRED {
        if !failed_fields && !columns.iter().any(|c| c.role == Some(role)) {
            problems.push(Diagnostic::new(&input.site(), missing(role)));
        }
    }
}

fn missing(role: Role) -> String {
    let field = match role {
        Role::Id => "id: i64",
        Role::Provider => "provider: String",
        Role::Token => "token: oauth_dance::Token",
        _ => "created_at: i64",
    };
    format!(
        "a token model needs a `{}` column: add a field `{field}` (or mark a field of another name `#[token({})]`)",
        role.name(),
        role.name()
    )
}

/// Column names SQL accepts, each once.
fn check_names(columns: &[Column], problems: &mut Vec<Diagnostic>) {
    for (i, column) in columns.iter().enumerate() {
        let site = Site::Tokens(column.field.span());
        if !is_sql_name(&column.name) {
            problems.push(Diagnostic::new(&site, format!("`{}` is not a column name SQL accepts unquoted: use lower-case letters, digits and `_`", column.name)));
        } else if columns[..i].iter().any(|c| c.name == column.name) {
            problems.push(Diagnostic::new(
                &site,
                format!(
                    "two fields are the column `{}`; rename one with `#[token(column = \"...\")]`",
                    column.name
                ),
            ));
        }
    }
}

/// `[a-z_][a-z0-9_]*`, at most 63 bytes (PostgreSQL's limit).
fn is_sql_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    first
        && name.len() <= 63
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
