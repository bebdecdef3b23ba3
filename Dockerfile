# Production image on python:3.11-slim: gunicorn serves the archive, whitenoise its static files.
# Layers go from least to most often changed, so a code change rebuilds only the last ones:
# the pinned dependencies (requirements.lock) are installed before the source is copied.

# Stage 1 compiles the front-end (GOV.UK Frontend Sass) with npm into static/build/.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/src static/src
RUN npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN useradd --create-home --uid 1000 ssp
COPY requirements.lock ./
RUN pip install --no-deps -r requirements.lock
COPY . .
COPY --from=assets /app/static/build static/build
# The project itself (its dependencies are already there), then the static files, hashed and
# compressed, collected once at build time rather than on every start.
RUN pip install --no-deps . \
    && DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && mkdir -p var/media && chown -R ssp var/media
USER ssp
EXPOSE 8000
# Migrate on every start, then hand the process over to gunicorn. The timeout allows a large XLSX
# export (built whole before it is sent: ~25 s for 100,000 rows).
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn ssp_archive.wsgi --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --timeout ${GUNICORN_TIMEOUT:-120} --access-logfile -"]
