# Production image on python:3.11-slim: gunicorn serves the archive, whitenoise its static files.
# Stage 1 compiles the front-end (GOV.UK Frontend Sass) with npm into static/build/.
FROM node:20-slim AS assets
WORKDIR /app
COPY . .
RUN if [ -f package.json ]; then npm ci --no-audit --no-fund && npm run build; else mkdir -p static/build; fi

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN useradd --create-home --uid 1000 ssp
COPY . .
RUN pip install . && mkdir -p var && chown -R ssp var
COPY --from=assets /app/static/build static/build
USER ssp
EXPOSE 8000
# Migrate and collect static files on every start, then hand the process over to gunicorn. The
# timeout allows a large XLSX export (built whole before it is sent: ~25 s for 100,000 rows).
CMD ["sh", "-c", "python manage.py migrate --no-input && python manage.py collectstatic --no-input && exec gunicorn ssp_archive.wsgi --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --timeout ${GUNICORN_TIMEOUT:-120} --access-logfile -"]
