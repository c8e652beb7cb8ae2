"""The token scheme as the OpenAPI schema documents it."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PartnerTokenAuthentication"
    name = "partnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "“Token <令牌>” 或 “Bearer <令牌>”；令牌由编办管理员在“接口令牌”页面创建。",
        }
