-- AlterTable
ALTER TABLE "platform"."api_keys" ADD COLUMN     "predict_deployment" TEXT;
