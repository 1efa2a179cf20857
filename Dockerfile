# The service image: gunicorn for the web, the same image for the Celery worker.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango; Liberation fonts stand in for Arial in review packs, and the
# Noto fonts print the scripts Liberation lacks (Arabic, Hebrew, CJK, Indic...). The
# PostgreSQL client (15, as the database) makes and restores backups.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-liberation fonts-noto-core fonts-noto-cjk curl \
      postgresql-client \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 phb
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --no-compile .

COPY --chown=phb:phb . .
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-not-a-secret-key-used-only-to-collect-static-files \
    PEER_AUDIT_PSEUDONYM_KEY=build-only-not-a-pseudonym-key-used-to-collect-static \
    python manage.py collectstatic --no-input \
 && mkdir -p /data/private && chown phb:phb /data/private

USER phb
ENV MEDIA_ROOT=/data/private
EXPOSE 8000
CMD ["gunicorn", "phb.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
